import type { Element } from '@xmldom/xmldom';
import type { Problem } from '../problem.ts';
import type { CertificateInfo } from '../certificate/certificate-info.ts';

/** The result of checking every `ds:Signature` in a document. */
export interface SignatureReport {
  readonly signatures: readonly SignatureCheck[];
  /** Document-level problems (duplicate IDs, signatures we could not even read, ...). */
  readonly problems: readonly Problem[];
}

/** One `ds:Signature` element, checked. */
export interface SignatureCheck {
  /** The element the signature's Reference points to, when it resolves to exactly one element. */
  readonly signedElement: Element | undefined;
  /** Serialisable description of the signed element, e.g. `/samlp:Response/saml:Assertion[1]`. */
  readonly signedElementPath: string | undefined;
  readonly signedElementName: string | undefined;
  /** The parent of the ds:Signature element (enveloped signatures sign their parent). */
  readonly parentPath: string;
  readonly referenceUris: readonly string[];
  /** True when the only Reference points at the Signature's own parent: the normal enveloped case. */
  readonly referenceMatchesParent: boolean;
  readonly canonicalizationMethod: string | undefined;
  readonly signatureMethod: string | undefined;
  readonly digestMethods: readonly string[];
  readonly transforms: readonly string[];
  /** Every Reference's DigestValue matched the canonicalised content. */
  readonly digestsValid: boolean;
  /**
   * Outcome of the SignatureValue check: `valid` against a trusted certificate (metadata or
   * expected fingerprint), `valid-keyinfo-only` when only the message's own KeyInfo certificate
   * verifies it and no trust anchor was given, `invalid` (content altered, malformed signature, or
   * no key verifies; also when trust anchors were given and only KeyInfo verifies — then
   * `wrongCertificate` is true), `unsupported` (algorithm or transform we cannot check),
   * `unverifiable` (no usable key at all).
   */
  readonly outcome: SignatureOutcome;
  /** SHA-256 fingerprint of the certificate that verified the signature, when one did. */
  readonly verifiedWith: string | undefined;
  /** Certificates carried in this signature's KeyInfo. */
  readonly keyInfoCertificates: readonly CertificateInfo[];
  /** True when KeyInfo verifies but none of the trusted certificates does. */
  readonly wrongCertificate: boolean;
  readonly problems: readonly Problem[];
  /** Every element a Reference resolved to (one per resolved Reference), for coverage checks. */
  readonly signedElements?: readonly Element[];
  /** Per-Reference detail, in document order. */
  readonly references?: readonly ReferenceCheck[];
  /**
   * Which key verified the SignatureValue over SignedInfo, regardless of the digests: with
   * `digestsValid` false and this set, the signer is known but the content changed after signing.
   */
  readonly signatureValueVerifiedBy?: 'trusted' | 'keyinfo';
}

/** One `ds:Reference`, checked. */
export interface ReferenceCheck {
  readonly uri: string | undefined;
  /** Path of the element the URI resolved to (the document element for URI=""). */
  readonly elementPath: string | undefined;
  readonly transforms: readonly string[];
  readonly digestMethod: string | undefined;
  readonly digestValid: boolean;
}

export type SignatureOutcome = 'valid' | 'valid-keyinfo-only' | 'invalid' | 'unsupported' | 'unverifiable';

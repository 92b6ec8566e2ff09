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
   * verifies it (no trust anchor given, or the anchors do not match), `invalid` (content altered
   * or wrong key everywhere), `unsupported` (algorithm or key type we cannot check), `unverifiable`
   * (no usable key at all).
   */
  readonly outcome: SignatureOutcome;
  /** SHA-256 fingerprint of the certificate that verified the signature, when one did. */
  readonly verifiedWith: string | undefined;
  /** Certificates carried in this signature's KeyInfo. */
  readonly keyInfoCertificates: readonly CertificateInfo[];
  /** True when KeyInfo verifies but none of the trusted certificates does. */
  readonly wrongCertificate: boolean;
  readonly problems: readonly Problem[];
}

export type SignatureOutcome = 'valid' | 'valid-keyinfo-only' | 'invalid' | 'unsupported' | 'unverifiable';

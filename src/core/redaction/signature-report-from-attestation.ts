import type { Document, Element } from '@xmldom/xmldom';
import type { CertificateInfo } from '../certificate/certificate-info.ts';
import { problem, type Problem } from '../problem.ts';
import type { SignatureCheck, SignatureOutcome, SignatureReport } from '../signature/signature-check.ts';
import { XMLDSIG_NS } from '../xml/saml-namespaces.ts';
import type { AttestedCertificate, AttestedSignature, RedactionAttestation } from './redaction-attestation.ts';
import { sha256 } from './sha256.ts';

export interface AttestationTrust {
  /** DER of the certificates the importer trusts (metadata, expected certificate); may be empty. */
  readonly trustedCertificates?: readonly Uint8Array[];
}

const MAX_ELEMENTS = 500_000;

/**
 * The SignatureReport of a redacted document, rebuilt from its attestation instead of verifying
 * (the redacted document has no signature values left to verify). Signed elements are resolved in
 * the redacted document by the attested Reference URIs, so coverage and wrapping checks work.
 *
 * Outcome: the attested cryptographic facts are judged against the importer's trust anchors or,
 * when it has none, against the fingerprints the exporter trusted (`trustedFingerprints`, so the
 * exporter's verdict is reproduced): a signature whose digests matched and whose SignatureValue
 * verified with a trusted key is `valid`; one that verified only with another key is `invalid`
 * with `wrongCertificate`. With no anchors on either side, or facts that settle nothing
 * (`unsupported`, `unverifiable`, broken digests), the attested outcome stands. Every check
 * carries an `attestation-used` info problem saying it was not re-verified.
 */
export function signatureReportFromAttestation(document: Document, attestation: RedactionAttestation, trust: AttestationTrust = {}): SignatureReport {
  const problems: Problem[] = attestation.problems.map((p) => problem(p.code, p.severity, p.message));
  const signatureElements = signaturesInOrder(document);
  if (signatureElements.length !== attestation.signatures.length) {
    problems.push(
      problem(
        'attestation-mismatch',
        'warning',
        `The redaction attestation describes ${String(attestation.signatures.length)} signatures but the redacted message has ${String(signatureElements.length)}; signed elements could not all be located.`,
      ),
    );
  }
  // The importer's own anchors; without any, those the exporter verified against (its verdict).
  const own = (trust.trustedCertificates ?? []).map(fingerprintOf);
  const trusted = new Set(own.length > 0 ? own : attestation.trustedFingerprints.map(normalize));
  const ids = indexIds(document);
  const signatures = attestation.signatures.map((attested) => rebuild(attested, signatureElements[attested.index], ids, document, trusted));
  return { signatures, problems };
}

function rebuild(attested: AttestedSignature, element: Element | undefined, ids: ReadonlyMap<string, Element>, document: Document, trusted: ReadonlySet<string>): SignatureCheck {
  const signedElements = attested.referenceUris.flatMap((uri) => {
    const resolved = resolveReference(uri, ids, document);
    return resolved === undefined ? [] : [resolved];
  });
  const signedElement = attested.referenceUris.length === 1 ? signedElements[0] : undefined;
  const judged = judge(attested, trusted);
  const problems: Problem[] = attested.problems.map((p) => problem(p.code, p.severity, p.message));
  if (judged.wrongCertificate && !attested.wrongCertificate) {
    problems.push(problem('signature-wrong-certificate', 'error', 'The attested signature verified with a key that is not among the trusted certificates given now.'));
  }
  problems.push(
    problem(
      'attestation-used',
      'info',
      `The outcome "${judged.outcome}" of the signature on ${attested.signedElementPath ?? attested.parentPath} is attested by the sso-doctor redaction, not re-verified: the redacted message carries no signature values.`,
    ),
  );
  const check: { -readonly [K in keyof SignatureCheck]: SignatureCheck[K] } = {
    signedElement,
    signedElementPath: attested.signedElementPath,
    signedElementName: attested.signedElementName ?? signedElement?.localName ?? undefined,
    parentPath: attested.parentPath,
    referenceUris: attested.referenceUris,
    referenceMatchesParent: signedElement !== undefined && element !== undefined ? signedElement === element.parentNode : attested.referenceMatchesParent,
    canonicalizationMethod: attested.canonicalizationMethod,
    signatureMethod: attested.signatureMethod,
    digestMethods: attested.digestMethods,
    transforms: attested.transforms,
    digestsValid: attested.digestsValid,
    outcome: judged.outcome,
    verifiedWith: judged.verifiedWith,
    keyInfoCertificates: attested.keyInfoCertificates.map(withoutBody),
    wrongCertificate: judged.wrongCertificate,
    problems,
    signedElements,
  };
  if (attested.signatureValueVerifiedBy !== undefined) check.signatureValueVerifiedBy = judged.wrongCertificate ? 'keyinfo' : attested.signatureValueVerifiedBy;
  return check;
}

function judge(attested: AttestedSignature, trusted: ReadonlySet<string>): { outcome: SignatureOutcome; verifiedWith: string | undefined; wrongCertificate: boolean } {
  const unchanged = { outcome: attested.outcome, verifiedWith: attested.verifiedWith, wrongCertificate: attested.wrongCertificate };
  if (trusted.size === 0 || attested.outcome === 'unsupported' || attested.outcome === 'unverifiable') return unchanged;
  const key = attested.signatureValueKey === undefined ? undefined : normalize(attested.signatureValueKey);
  const cryptoHeld = attested.digestsValid && attested.signatureValueVerifiedBy !== undefined && key !== undefined;
  if (!cryptoHeld) return unchanged;
  // Expected fingerprints may be SHA-1: the key's certificate is known by both.
  const certificate = attested.keyInfoCertificates.find((c) => normalize(c.sha256Fingerprint) === key);
  const names = [key, ...(certificate === undefined ? [] : [normalize(certificate.sha1Fingerprint)])];
  if (names.some((name) => trusted.has(name))) return { outcome: 'valid', verifiedWith: attested.signatureValueKey, wrongCertificate: false };
  return { outcome: 'invalid', verifiedWith: undefined, wrongCertificate: true };
}

/** Attested certificates have no body; the DER field stays empty (CertificateInfo requires it). */
function withoutBody(certificate: AttestedCertificate): CertificateInfo {
  return { ...certificate, derBase64: '' };
}

function signaturesInOrder(document: Document): Element[] {
  const found: Element[] = [];
  const list = document.getElementsByTagNameNS(XMLDSIG_NS, 'Signature');
  for (let i = 0; i < list.length && i < MAX_ELEMENTS; i++) {
    const item = list.item(i);
    if (item !== null) found.push(item);
  }
  return found;
}

/** Elements by ID / Id / AssertionID / ResponseID; an ID that occurs twice resolves to nothing. */
function indexIds(document: Document): Map<string, Element> {
  const ids = new Map<string, Element>();
  const duplicates = new Set<string>();
  const all = document.getElementsByTagName('*');
  for (let i = 0; i < all.length && i < MAX_ELEMENTS; i++) {
    const element = all.item(i);
    if (element === null) continue;
    for (const name of ['ID', 'Id', 'AssertionID', 'ResponseID']) {
      const id = element.getAttribute(name);
      if (id === null || id === '') continue;
      if (ids.has(id)) duplicates.add(id);
      else ids.set(id, element);
    }
  }
  for (const id of duplicates) ids.delete(id);
  return ids;
}

function resolveReference(uri: string, ids: ReadonlyMap<string, Element>, document: Document): Element | undefined {
  if (uri === '') return document.documentElement ?? undefined;
  if (!uri.startsWith('#')) return undefined;
  return ids.get(uri.slice(1));
}

function fingerprintOf(der: Uint8Array): string {
  return normalize([...sha256(der)].map((byte) => byte.toString(16).padStart(2, '0')).join(''));
}

function normalize(fingerprint: string): string {
  return fingerprint.replace(/[^0-9a-f]/gi, '').toUpperCase();
}

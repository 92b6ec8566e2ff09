import type { CertificateInfo } from '../certificate/certificate-info.ts';
import type { ProblemSeverity } from '../problem.ts';
import type { SignatureOutcome } from '../signature/signature-check.ts';
import { sha256, toHex } from './sha256.ts';

/**
 * The name of the HAR custom field (HAR 1.2 allows `_`-prefixed fields) that carries a
 * RedactionAttestation on an entry: `entry._ssoDoctor`.
 */
export const REDACTION_ATTESTATION_FIELD = '_ssoDoctor';

/**
 * What sso-doctor verified about a SAML value before it redacted it.
 *
 * Redaction empties SignatureValue, DigestValue and the certificate bodies, so the redacted
 * message can no longer be verified; without this record a re-import would call every signature
 * broken. The attestation keeps the original outcome as a stated fact. It is NOT proof (anyone
 * can edit a HAR); importers must show outcomes read from it as "attested, not re-verified".
 *
 * What an importer does with it (flowsFromHar + analyzeSamlValue):
 * 1. `readRedactionAttestation(entry._ssoDoctor)` validates the untrusted JSON.
 * 2. Use it only when `valueSha256` equals `redactionValueHash(value)` of the entry's parameter
 *    value (`parameter`) as imported; otherwise ignore it (the value was edited or swapped).
 * 3. Decode, parse and read the redacted value as usual, but do not run the signature verifier
 *    on it: `signatureReportFromAttestation(document, attestation, { trustedCertificates })`
 *    rebuilds the SignatureReport, with the DOM links (signed elements) resolved in the redacted
 *    document so coverage and wrapping checks still work.
 */
export interface RedactionAttestation {
  readonly version: 1;
  readonly redacted: true;
  /** The entry's parameter the attestation is about. */
  readonly parameter: 'SAMLResponse' | 'SAMLRequest';
  /** SHA-256 (lower-case hex) of the UTF-8 of the redacted parameter value exactly as exported. */
  readonly valueSha256: string;
  /** ISO-8601 time of the redaction. */
  readonly redactedAt: string;
  /**
   * SHA-256 fingerprints of the certificates the original was verified against (IdP metadata,
   * expected fingerprints). Empty: none were given, so `valid-keyinfo-only` was the best outcome.
   */
  readonly trustedFingerprints: readonly string[];
  /** One per `ds:Signature` element of the redacted document, in document order. */
  readonly signatures: readonly AttestedSignature[];
  /** Every KeyInfo certificate, deduplicated by fingerprint, without its DER. */
  readonly certificates: readonly AttestedCertificate[];
  /** Document-level signature problems (duplicate IDs, unreadable signatures), redacted. */
  readonly problems: readonly AttestedProblem[];
}

/** A certificate's facts without its body (`derBase64` is dropped by redaction). */
export type AttestedCertificate = Omit<CertificateInfo, 'derBase64'>;

export interface AttestedProblem {
  readonly code: string;
  readonly severity: ProblemSeverity;
  readonly message: string;
}

/** A SignatureCheck without DOM nodes, as it was for the original, with redacted strings. */
export interface AttestedSignature {
  /** Position among the document's `ds:Signature` elements (document order, from 0). */
  readonly index: number;
  readonly signedElementPath?: string;
  readonly signedElementName?: string;
  readonly parentPath: string;
  /** Redacted the same way as the IDs in the redacted document, so they still resolve. */
  readonly referenceUris: readonly string[];
  readonly referenceMatchesParent: boolean;
  readonly canonicalizationMethod?: string;
  readonly signatureMethod?: string;
  readonly digestMethods: readonly string[];
  readonly transforms: readonly string[];
  readonly digestsValid: boolean;
  readonly outcome: SignatureOutcome;
  readonly verifiedWith?: string;
  readonly wrongCertificate: boolean;
  readonly signatureValueVerifiedBy?: 'trusted' | 'keyinfo';
  /**
   * SHA-256 fingerprint of the certificate whose key verified the SignatureValue, trusted or not
   * (lets an importer with its own trust anchors decide `valid` versus wrong certificate).
   */
  readonly signatureValueKey?: string;
  readonly keyInfoCertificates: readonly AttestedCertificate[];
  readonly problems: readonly AttestedProblem[];
}

/** The hash an attestation's `valueSha256` must equal for the value it is read with. */
export function redactionValueHash(value: string): string {
  return toHex(sha256(new TextEncoder().encode(value)));
}

// ---------------------------------------------------------------------------------------------
// Reading an attestation from untrusted JSON (a HAR someone sent us)

const OUTCOMES: ReadonlySet<string> = new Set(['valid', 'valid-keyinfo-only', 'invalid', 'unsupported', 'unverifiable']);
const SEVERITIES: ReadonlySet<string> = new Set(['error', 'warning', 'info']);
const MAX_SIGNATURES = 64;
const MAX_CERTIFICATES = 64;
const MAX_PROBLEMS = 100;
const MAX_STRING = 4_096;

type Json = Readonly<Record<string, unknown>>;

/**
 * Validates an attestation read from a HAR entry (`entry._ssoDoctor`). Returns undefined for
 * anything that is not exactly the documented shape (never throws, bounded in size).
 */
export function readRedactionAttestation(value: unknown): RedactionAttestation | undefined {
  if (!isObject(value) || value['version'] !== 1 || value['redacted'] !== true) return undefined;
  const parameter = value['parameter'];
  if (parameter !== 'SAMLResponse' && parameter !== 'SAMLRequest') return undefined;
  const valueSha256 = value['valueSha256'];
  const redactedAt = value['redactedAt'];
  if (typeof valueSha256 !== 'string' || !/^[0-9a-f]{64}$/.test(valueSha256) || !isString(redactedAt)) return undefined;
  const trustedFingerprints = readList(value['trustedFingerprints'], MAX_CERTIFICATES, (item) => (isString(item) ? item : undefined));
  const signatures = readList(value['signatures'], MAX_SIGNATURES, readSignature);
  const certificates = readList(value['certificates'], MAX_CERTIFICATES, readCertificate);
  const problems = readList(value['problems'], MAX_PROBLEMS, readProblem);
  if (trustedFingerprints === undefined || signatures === undefined || certificates === undefined || problems === undefined) return undefined;
  return { version: 1, redacted: true, parameter, valueSha256, redactedAt, trustedFingerprints, signatures, certificates, problems };
}

function readSignature(value: unknown): AttestedSignature | undefined {
  if (!isObject(value)) return undefined;
  const index = value['index'];
  const parentPath = value['parentPath'];
  const outcome = value['outcome'];
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || !isString(parentPath)) return undefined;
  if (typeof outcome !== 'string' || !OUTCOMES.has(outcome)) return undefined;
  const referenceUris = readList(value['referenceUris'], MAX_PROBLEMS, (item) => (isString(item) ? item : undefined));
  const digestMethods = readList(value['digestMethods'], MAX_PROBLEMS, (item) => (isString(item) ? item : undefined));
  const transforms = readList(value['transforms'], MAX_PROBLEMS, (item) => (isString(item) ? item : undefined));
  const keyInfoCertificates = readList(value['keyInfoCertificates'], MAX_CERTIFICATES, readCertificate);
  const problems = readList(value['problems'], MAX_PROBLEMS, readProblem);
  const flags = [value['referenceMatchesParent'], value['digestsValid'], value['wrongCertificate']];
  if (referenceUris === undefined || digestMethods === undefined || transforms === undefined || keyInfoCertificates === undefined || problems === undefined) return undefined;
  if (!flags.every((flag) => typeof flag === 'boolean')) return undefined;
  const verifiedBy = value['signatureValueVerifiedBy'];
  if (verifiedBy !== undefined && verifiedBy !== 'trusted' && verifiedBy !== 'keyinfo') return undefined;
  const strings = ['signedElementPath', 'signedElementName', 'canonicalizationMethod', 'signatureMethod', 'verifiedWith', 'signatureValueKey'] as const;
  const optionals: { -readonly [K in (typeof strings)[number]]?: string } = {};
  for (const key of strings) {
    const item = value[key];
    if (item === undefined) continue;
    if (!isString(item)) return undefined;
    optionals[key] = item;
  }
  return {
    index,
    ...optionals,
    parentPath,
    referenceUris,
    referenceMatchesParent: value['referenceMatchesParent'] === true,
    digestMethods,
    transforms,
    digestsValid: value['digestsValid'] === true,
    outcome: outcome as SignatureOutcome, // -- reason: checked against OUTCOMES above
    wrongCertificate: value['wrongCertificate'] === true,
    ...(verifiedBy === undefined ? {} : { signatureValueVerifiedBy: verifiedBy }),
    keyInfoCertificates,
    problems,
  };
}

function readCertificate(value: unknown): AttestedCertificate | undefined {
  if (!isObject(value)) return undefined;
  const strings = ['subject', 'issuer', 'serialNumber', 'notBefore', 'notAfter', 'signatureAlgorithm', 'sha1Fingerprint', 'sha256Fingerprint'] as const;
  for (const key of strings) if (!isString(value[key])) return undefined;
  const keyAlgorithm = value['keyAlgorithm'];
  if (keyAlgorithm !== 'RSA' && keyAlgorithm !== 'EC' && keyAlgorithm !== 'other') return undefined;
  const keyBits = value['keyBits'];
  if (keyBits !== undefined && (typeof keyBits !== 'number' || !Number.isInteger(keyBits) || keyBits < 0)) return undefined;
  if (typeof value['selfSigned'] !== 'boolean') return undefined;
  const repeatedExtensions = readList(value['repeatedExtensions'], MAX_PROBLEMS, (item) => (isString(item) ? item : undefined));
  if (repeatedExtensions === undefined) return undefined;
  const curve = value['curve'];
  const selfSignatureVerified = value['selfSignatureVerified'];
  if (curve !== undefined && !isString(curve)) return undefined;
  if (selfSignatureVerified !== undefined && typeof selfSignatureVerified !== 'boolean') return undefined;
  const text = (key: (typeof strings)[number]): string => value[key] as string; // -- reason: every key of `strings` was checked to be a string above
  return {
    subject: text('subject'),
    issuer: text('issuer'),
    serialNumber: text('serialNumber'),
    notBefore: text('notBefore'),
    notAfter: text('notAfter'),
    keyAlgorithm,
    keyBits: typeof keyBits === 'number' ? keyBits : undefined,
    ...(curve === undefined ? {} : { curve }),
    signatureAlgorithm: text('signatureAlgorithm'),
    sha1Fingerprint: text('sha1Fingerprint'),
    sha256Fingerprint: text('sha256Fingerprint'),
    selfSigned: value['selfSigned'],
    ...(selfSignatureVerified === undefined ? {} : { selfSignatureVerified }),
    repeatedExtensions,
  };
}

function readProblem(value: unknown): AttestedProblem | undefined {
  if (!isObject(value)) return undefined;
  const { code, severity, message } = value;
  if (!isString(code) || !isString(message) || typeof severity !== 'string' || !SEVERITIES.has(severity)) return undefined;
  return { code, severity: severity as ProblemSeverity, message }; // -- reason: checked against SEVERITIES above
}

function readList<T>(value: unknown, max: number, read: (item: unknown) => T | undefined): T[] | undefined {
  if (!Array.isArray(value) || value.length > max) return undefined;
  const out: T[] = [];
  for (const item of value as readonly unknown[]) {
    const read_ = read(item);
    if (read_ === undefined) return undefined;
    out.push(read_);
  }
  return out;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isString(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_STRING;
}

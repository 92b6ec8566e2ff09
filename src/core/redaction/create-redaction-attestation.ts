import type { SamlAnalysis } from '../analysis/saml-analysis.ts';
import type { CertificateInfo } from '../certificate/certificate-info.ts';
import type { SignatureCheck } from '../signature/signature-check.ts';
import type { Redactor } from './create-redactor.ts';
import { redactCertificate } from './redact-diagnosis.ts';
import { redactionValueHash, type AttestedCertificate, type AttestedProblem, type AttestedSignature, type RedactionAttestation } from './redaction-attestation.ts';

// The writing side of RedactionAttestation (export only). Kept apart from the reading side so that
// importing a redacted HAR does not pull the redactor into the service worker.

export interface AttestationInput {
  /** The analysis of the ORIGINAL value (before redaction), with the trust anchors of the diagnosis. */
  readonly analysis: SamlAnalysis;
  readonly parameter: 'SAMLResponse' | 'SAMLRequest';
  /** The redacted value as it will be exported. */
  readonly redactedValue: string;
  readonly trustedFingerprints: readonly string[];
  readonly now: string;
}

/** Builds the attestation for one redacted value; its strings go through the same redactor as the document. */
export function createRedactionAttestation(input: AttestationInput, redactor: Redactor): RedactionAttestation {
  const checks = input.analysis.signatures?.signatures ?? [];
  const signatures = checks.map((check, index) => attestSignature(check, index, redactor));
  const certificates = new Map<string, AttestedCertificate>();
  for (const signature of signatures) for (const certificate of signature.keyInfoCertificates) certificates.set(certificate.sha256Fingerprint, certificate);
  return {
    version: 1,
    redacted: true,
    parameter: input.parameter,
    valueSha256: redactionValueHash(input.redactedValue),
    redactedAt: input.now,
    trustedFingerprints: [...input.trustedFingerprints],
    signatures,
    certificates: [...certificates.values()],
    problems: (input.analysis.signatures?.problems ?? []).map((p) => attestProblem(p, redactor)),
  };
}

function attestSignature(check: SignatureCheck, index: number, redactor: Redactor): AttestedSignature {
  const keyInfoCertificates = check.keyInfoCertificates.map((certificate) => attestCertificate(certificate, redactor));
  const onlyKeyInfo = check.keyInfoCertificates.length === 1 ? check.keyInfoCertificates[0]?.sha256Fingerprint : undefined;
  const signatureValueKey = check.verifiedWith ?? (check.signatureValueVerifiedBy === 'keyinfo' ? onlyKeyInfo : undefined);
  return {
    index,
    ...optional('signedElementPath', check.signedElementPath),
    ...optional('signedElementName', check.signedElementName),
    parentPath: check.parentPath,
    referenceUris: check.referenceUris.map((uri) => redactor.text(uri)),
    referenceMatchesParent: check.referenceMatchesParent,
    ...optional('canonicalizationMethod', check.canonicalizationMethod),
    ...optional('signatureMethod', check.signatureMethod),
    digestMethods: check.digestMethods,
    transforms: check.transforms,
    digestsValid: check.digestsValid,
    outcome: check.outcome,
    ...optional('verifiedWith', check.verifiedWith),
    wrongCertificate: check.wrongCertificate,
    ...(check.signatureValueVerifiedBy === undefined ? {} : { signatureValueVerifiedBy: check.signatureValueVerifiedBy }),
    ...optional('signatureValueKey', signatureValueKey),
    keyInfoCertificates,
    problems: check.problems.map((p) => attestProblem(p, redactor)),
  };
}

/** Certificate facts kept by redaction: fingerprints, validity, key, algorithm; subject and issuer scrubbed. */
export function attestCertificate(certificate: CertificateInfo, redactor: Redactor): AttestedCertificate {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the body is left out on purpose: an attestation has no DER field at all
  const { derBase64, ...facts } = redactCertificate(certificate, redactor);
  return facts;
}

function attestProblem(p: AttestedProblem, redactor: Redactor): AttestedProblem {
  return { code: p.code, severity: p.severity, message: redactor.text(p.message) };
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: string }); // -- reason: a computed key widens the literal to an index signature
}


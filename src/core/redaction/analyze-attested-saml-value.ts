import type { SamlAnalysis } from '../analysis/saml-analysis.ts';
import { readSamlValue } from '../analysis/analyze-saml-value.ts';
import { redactionValueHash, type RedactionAttestation } from './redaction-attestation.ts';
import { signatureReportFromAttestation } from './signature-report-from-attestation.ts';

export interface AttestedAnalysisOptions {
  /** DER certificates the importer trusts (as for analyzeSamlValue). */
  readonly trustedCertificates?: readonly Uint8Array[];
}

/**
 * analyzeSamlValue for a value that sso-doctor redacted: decode → parse → read as usual, but the
 * signature stage comes from the attestation (the redacted value has nothing left to verify).
 * Returns undefined when the attestation does not belong to this value (its hash differs, or the
 * parameter is another), so the caller falls back to the normal analysis. Never throws.
 *
 * Wiring: `analyzeSamlValue(value, parameter, { trustedCertificates, attestation })` returns
 * `analyzeAttestedSamlValue(value, parameter, attestation, options) ?? <the normal analysis>`.
 */
export function analyzeAttestedSamlValue(
  value: string,
  parameter: SamlAnalysis['parameter'],
  attestation: RedactionAttestation,
  options: AttestedAnalysisOptions = {},
): SamlAnalysis | undefined {
  if (attestation.parameter !== parameter || attestation.valueSha256 !== redactionValueHash(value)) return undefined;
  const read = readSamlValue(value, parameter);
  if (!read.ok) return read.analysis;
  const { decoding, document, message, problems } = read;
  const signatures = signatureReportFromAttestation(document, attestation, options.trustedCertificates === undefined ? {} : { trustedCertificates: options.trustedCertificates });
  problems.push(...signatures.problems, ...signatures.signatures.flatMap((check) => check.problems));
  return { parameter, decoding, message, signatures, problems, signatureBasis: 'attested' };
}

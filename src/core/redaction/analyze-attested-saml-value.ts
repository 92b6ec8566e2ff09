import type { SamlAnalysis } from '../analysis/saml-analysis.ts';
import { decodeSamlValue } from '../binding/decode-saml-value.ts';
import { readSamlMessage } from '../message/read-saml-message.ts';
import { problem, type Problem } from '../problem.ts';
import { parseXml } from '../xml/parse-xml.ts';
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
  const decoding = decodeSamlValue(value);
  const problems: Problem[] = [...decoding.problems];
  if (!decoding.ok) return { parameter, decoding, message: undefined, signatures: undefined, problems };
  const parsed = parseXml(decoding.xml);
  problems.push(...parsed.problems);
  if (!parsed.ok) return { parameter, decoding, message: undefined, signatures: undefined, problems };
  let message: SamlAnalysis['message'];
  try {
    message = readSamlMessage(parsed.root);
  } catch (error) {
    problems.push(problem('analysis-failed', 'error', `An internal error stopped the analysis while reading the SAML message: ${error instanceof Error ? error.message : String(error)}`));
    return { parameter, decoding, message: undefined, signatures: undefined, problems };
  }
  const signatures = signatureReportFromAttestation(parsed.document, attestation, options.trustedCertificates === undefined ? {} : { trustedCertificates: options.trustedCertificates });
  problems.push(...signatures.problems, ...signatures.signatures.flatMap((check) => check.problems));
  return { parameter, decoding, message, signatures, problems };
}

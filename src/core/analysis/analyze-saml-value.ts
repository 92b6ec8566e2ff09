import type { Document } from '@xmldom/xmldom';
import { decodeSamlValue, type DecodedSamlValue } from '../binding/decode-saml-value.ts';
import type { SamlMessage } from '../message/saml-message.ts';
import { readSamlMessage } from '../message/read-saml-message.ts';
import { problem, type Problem } from '../problem.ts';
import { verifyXmlSignatures } from '../signature/verify-xml-signatures.ts';
import { parseXml } from '../xml/parse-xml.ts';
import type { RedactionAttestation } from '../redaction/redaction-attestation.ts';
import type { SamlAnalysis } from './saml-analysis.ts';

export interface AnalyzeSamlValueOptions {
  /** DER certificates the AWS side trusts (IdP metadata, expected certificate). */
  readonly trustedCertificates?: readonly Uint8Array[];
  /** Bare public keys (SPKI DER) trusted the same way, for IdPs that publish a key, not a certificate. */
  readonly trustedPublicKeys?: readonly Uint8Array[];
  /** The attestation of a value re-imported from a redacted export: used instead of re-verifying. */
  readonly attestation?: RedactionAttestation;
}

/**
 * Runs one captured SAML value through every stage: binding decode → safe XML parse → SAML
 * model → signature verification. A stage that fails stops the later ones; the problems of every
 * stage that ran are collected in stage order. Never throws (a stage that throws anyway is turned
 * into an `analysis-failed` problem, so one bad value cannot break a diagnosis).
 */
export async function analyzeSamlValue(
  value: string,
  parameter: SamlAnalysis['parameter'],
  options: AnalyzeSamlValueOptions = {},
): Promise<SamlAnalysis> {
  if (options.attestation !== undefined) {
    // Only values re-imported from a redacted export carry an attestation (CLI and report page,
    // never live capture), so its reader is loaded on demand and stays out of the worker bundle.
    // Falls through to the normal analysis when the attestation is not about this exact value.
    const { analyzeAttestedSamlValue } = await import('../redaction/analyze-attested-saml-value.ts');
    const attested = analyzeAttestedSamlValue(value, parameter, options.attestation, { trustedCertificates: options.trustedCertificates ?? [] });
    if (attested !== undefined) return attested;
  }
  const read = readSamlValue(value, parameter);
  if (!read.ok) return read.analysis;
  const { decoding, document, message, problems } = read;

  try {
    const signatures = await verifyXmlSignatures(document, { trustedCertificates: [...(options.trustedCertificates ?? [])], trustedPublicKeys: [...(options.trustedPublicKeys ?? [])] });
    problems.push(...signatures.problems, ...signatures.signatures.flatMap((check) => check.problems));
    return { parameter, decoding, message, signatures, problems };
  } catch (error) {
    problems.push(stageFailed('checking the signatures', error));
    return { parameter, decoding, message, signatures: undefined, problems };
  }
}

export type SamlValueRead =
  | { readonly ok: false; readonly analysis: SamlAnalysis }
  | { readonly ok: true; readonly decoding: DecodedSamlValue; readonly document: Document; readonly message: SamlMessage; readonly problems: Problem[] };

/**
 * The stages before signature checking: binding decode → safe XML parse → SAML model. Shared by
 * the normal analysis and by the analysis of a re-imported redacted value (whose signature stage
 * comes from its attestation). A failed stage returns the analysis so far.
 */
export function readSamlValue(value: string, parameter: SamlAnalysis['parameter']): SamlValueRead {
  const decoding = decodeSamlValue(value);
  const problems: Problem[] = [...decoding.problems];
  if (!decoding.ok) return { ok: false, analysis: { parameter, decoding, message: undefined, signatures: undefined, problems } };

  const parsed = parseXml(decoding.xml);
  problems.push(...parsed.problems);
  if (!parsed.ok) return { ok: false, analysis: { parameter, decoding, message: undefined, signatures: undefined, problems } };

  try {
    return { ok: true, decoding, document: parsed.document, message: readSamlMessage(parsed.root), problems };
  } catch (error) {
    problems.push(stageFailed('reading the SAML message', error));
    return { ok: false, analysis: { parameter, decoding, message: undefined, signatures: undefined, problems } };
  }
}

function stageFailed(stage: string, error: unknown): Problem {
  const reason = error instanceof Error ? error.message : String(error);
  return problem('analysis-failed', 'error', `An internal error stopped the analysis while ${stage}: ${reason}`);
}

import type { SamlAnalysis } from '../analysis/saml-analysis.ts';
import { ATTESTED_OUTCOME_NOTE } from './diagnosis.ts';

/**
 * ` (attested by the exporting extension, not re-verified)` for evidence that rests on signature
 * outcomes read from a redaction attestation, else the empty string: a re-imported redacted
 * export cannot be verified, so the evidence must not read as if it had been.
 */
export function attestedOutcomeSuffix(analysis: SamlAnalysis | undefined): string {
  return analysis?.signatureBasis === 'attested' ? ` (${ATTESTED_OUTCOME_NOTE})` : '';
}

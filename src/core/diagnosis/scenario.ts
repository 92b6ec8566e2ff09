import type { AnalyzedFlow } from './analyzed-flow.ts';
import type { DiagnosisContext } from './diagnosis-context.ts';
import type { Finding, ScenarioId } from './finding.ts';

/**
 * One failure scenario of the catalog, in one file named after its id. `detect` is pure and
 * synchronous: all slow work (decoding, crypto) happened in `analyzeFlow` before.
 * Returns no findings when the scenario does not apply.
 */
export interface Scenario {
  readonly id: ScenarioId;
  /**
   * Lower rank = more fundamental root cause; decides the primary verdict among errors (see
   * `rankFindings` in diagnose.ts). Bands: 0–9 the value cannot be read; 10–19 Salesforce pages,
   * missing or misplaced signatures, the STS region; 20–29 signature, certificate, Issuer and
   * metadata; 30–59 assertion attributes, audience, times and the provider ARN; 69 the generic
   * "invalid SAML response" page (every specific STS cause ranks below it so that it can name the
   * cause); 70–79 the role's trust policy; 80–89 Amazon Connect; 90+ flow-level verdicts.
   */
  readonly rank: number;
  detect(flow: AnalyzedFlow, context: DiagnosisContext): readonly Finding[];
}

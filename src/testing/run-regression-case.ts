/**
 * One hostile-input case through the whole core, as the weakness-class regression suites run it:
 * the analysis of the value and the diagnosis of a flow carrying it, timed. Test-only.
 */
import { analyzeSamlValue } from '../core/analysis/analyze-saml-value.ts';
import type { SamlAnalysis } from '../core/analysis/saml-analysis.ts';
import { diagnoseFlow } from '../core/diagnosis/diagnose.ts';
import type { DiagnosisContext } from '../core/diagnosis/diagnosis-context.ts';
import type { Diagnosis } from '../core/diagnosis/diagnosis.ts';
import { flowFromSamlValue } from '../core/flow/flow-from-har.ts';
import type { SamlAssertion } from '../core/message/saml-message.ts';

export interface RegressionOutcome {
  readonly analysis: SamlAnalysis;
  readonly diagnosis: Diagnosis;
  /** The first Assertion of the Response, when there is one. */
  readonly assertion: SamlAssertion | undefined;
  readonly ms: number;
}

export async function runRegressionCase(value: string, context: DiagnosisContext, trustedCertificates: readonly Uint8Array[] = []): Promise<RegressionOutcome> {
  const started = performance.now();
  const analysis = await analyzeSamlValue(value, 'SAMLResponse', { trustedCertificates });
  const diagnosis = await diagnoseFlow(flowFromSamlValue(value, context.now), context);
  const ms = performance.now() - started;
  const message = analysis.message;
  return { analysis, diagnosis, assertion: message?.kind === 'Response' ? message.assertions[0] : undefined, ms };
}

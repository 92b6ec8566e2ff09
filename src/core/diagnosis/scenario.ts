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
  /** Lower rank = more fundamental root cause; decides the primary verdict among errors. */
  readonly rank: number;
  detect(flow: AnalyzedFlow, context: DiagnosisContext): readonly Finding[];
}

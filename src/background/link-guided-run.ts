import type { CapturedFlow } from '../core/flow/apply-capture-event.ts';
import type { GuidedRun } from '../messaging/protocol.ts';

/**
 * Ties a guided "Diagnose" run to the flow it produced: the first flow in the run's tab's top
 * frame that started after the run. Returns the same object when nothing changes.
 */
export function linkGuidedRun(run: GuidedRun, flows: readonly CapturedFlow[]): GuidedRun {
  if (run.flowId !== undefined) return run;
  const started = Date.parse(run.startedAt);
  const flow = flows.find((f) => f.flow.tabId === run.tabId && f.frameId === 0 && Date.parse(f.flow.startedAt) >= started - 1000);
  return flow === undefined ? run : { ...run, flowId: flow.flow.id };
}

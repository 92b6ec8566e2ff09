import type { Diagnosis } from '../core/diagnosis/diagnosis.ts';
import type { CaptureState, CapturedFlow } from '../core/flow/apply-capture-event.ts';
import type { MergedSettings } from '../core/settings/merge-settings.ts';
import type { DiscardedFlows, EffectiveSettings, FlowListItem, GuidedRun, PopupState, StoredFlow } from '../messaging/protocol.ts';

/** Everything the popup renders, newest flow first; `latest` is the guided run's flow while one runs. */
export function buildPopupState(capture: CaptureState, guided: GuidedRun | undefined, settings: MergedSettings, discarded?: DiscardedFlows): PopupState {
  const newestFirst = [...capture.flows].reverse();
  const guidedFlow = guided?.flowId === undefined ? undefined : newestFirst.find((f) => f.flow.id === guided.flowId);
  const latest = guidedFlow ?? newestFirst[0];
  return {
    latest: latest === undefined ? undefined : { flow: latest.flow, diagnosis: shownDiagnosis(latest) },
    flows: newestFirst.map(
      (f): FlowListItem => ({
        id: f.flow.id,
        startedAt: f.flow.startedAt,
        state: f.flow.state,
        primaryId: f.diagnosis?.primary.id,
        severity: f.diagnosis?.primary.severity,
      }),
    ),
    settings: toEffectiveSettings(settings),
    guided,
    discarded,
  };
}

/**
 * While a flow still runs, an early verdict is shown only when it already found a fault (an
 * all-clear before AWS has answered would be premature); otherwise the stepper shows progress.
 */
export function shownDiagnosis(captured: CapturedFlow): Diagnosis | undefined {
  if (captured.diagnosis !== undefined) return captured.diagnosis;
  const early = captured.preliminaryDiagnosis;
  return captured.flow.state === 'running' && early !== undefined && early.primary.severity === 'error' ? early : undefined;
}

export function findStoredFlow(capture: CaptureState, flowId: string): StoredFlow | undefined {
  const found = capture.flows.find((f) => f.flow.id === flowId);
  return found === undefined ? undefined : { flow: found.flow, diagnosis: shownDiagnosis(found) };
}

export function toEffectiveSettings(settings: MergedSettings): EffectiveSettings {
  return { values: settings.values, managed: settings.managed, problems: settings.problems };
}

import { diagnoseFlow } from '../core/diagnosis/diagnose.ts';
import { applyCaptureEvent, type CaptureEffect, type CaptureEvent, type CaptureState } from '../core/flow/apply-capture-event.ts';
import { buildDiagnosisContext } from './build-diagnosis-context.ts';
import { readCaptureState, readGuidedRun, withCaptureLock, writeCaptureState, writeGuidedRun } from './capture-store.ts';
import { linkGuidedRun } from './link-guided-run.ts';
import { readEffectiveSettings } from './read-effective-settings.ts';
import { updateBadge } from './update-badge.ts';

/**
 * The "do" half of capture: under the lock, read the stored state, apply the event (pure), write
 * it back if it changed and link a guided run to its flow; then carry out the effects: diagnose
 * closed flows, refresh the badge, and ask for a timeout check while the worker is alive (if it is
 * stopped first, the next event or the popup opening runs the check).
 */
export async function recordCaptureEvent(event: CaptureEvent): Promise<CaptureState> {
  const { state, effects, changed } = await withCaptureLock(async () => {
    const before = await readCaptureState();
    const result = applyCaptureEvent(before, event, Date.now());
    const stateChanged = result.state !== before;
    if (stateChanged) {
      await writeCaptureState(result.state);
      const guided = await readGuidedRun();
      if (guided !== undefined) {
        const linked = linkGuidedRun(guided, result.state.flows);
        if (linked !== guided) await writeGuidedRun(linked);
      }
    }
    return { state: result.state, effects: result.effects, changed: stateChanged };
  });
  if (changed) await updateBadge(state.flows);
  for (const effect of effects) runEffect(effect);
  return state;
}

function runEffect(effect: CaptureEffect): void {
  if (effect.kind === 'diagnose') {
    void diagnoseCapturedFlow(effect.flowId, effect.closedAt).catch((error: unknown) => {
      console.error('SSO Doctor: diagnosis failed', error);
    });
  } else if (effect.kind === 'diagnose-preliminary') {
    void diagnoseRunningFlow(effect.flowId).catch((error: unknown) => {
      console.error('SSO Doctor: early diagnosis failed', error);
    });
  } else {
    setTimeout(() => void recordCaptureEvent({ kind: 'tick' }), Math.max(0, effect.at - Date.now()) + 50);
  }
}

async function diagnoseCapturedFlow(flowId: string, closedAt: number): Promise<void> {
  const captured = (await readCaptureState()).flows.find((f) => f.flow.id === flowId && f.closedAt === closedAt);
  if (captured === undefined) return;
  const settings = await readEffectiveSettings();
  const context = await buildDiagnosisContext(settings.values, new Date().toISOString());
  const diagnosis = await diagnoseFlow(captured.flow, context);
  await recordCaptureEvent({ kind: 'diagnosed', flowId, closedAt, diagnosis });
}

async function diagnoseRunningFlow(flowId: string): Promise<void> {
  const captured = (await readCaptureState()).flows.find((f) => f.flow.id === flowId && f.flow.state === 'running');
  if (captured === undefined) return;
  const settings = await readEffectiveSettings();
  const context = await buildDiagnosisContext(settings.values, new Date().toISOString());
  const diagnosis = await diagnoseFlow(captured.flow, context);
  await recordCaptureEvent({ kind: 'diagnosed', flowId, preliminary: true, diagnosis });
}

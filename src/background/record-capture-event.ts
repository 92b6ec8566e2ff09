import { diagnoseFlow } from '../core/diagnosis/diagnose.ts';
import { applyCaptureEvent, type CaptureEffect, type CaptureEvent, type CaptureState, type DiagnosedEvent } from '../core/flow/apply-capture-event.ts';
import type { Flow } from '../core/flow/flow.ts';
import type { GuidedRun } from '../messaging/protocol.ts';
import { readCaptureSession, withCaptureLock, writeCaptureSession, type CaptureSession } from './capture-store.ts';
import { linkGuidedRun } from './link-guided-run.ts';
import { readDiagnosisBase } from './read-diagnosis-base.ts';
import { settleWithin } from './settle-within.ts';
import { updateBadge } from './update-badge.ts';

/**
 * How long an event's write may wait for the diagnoses it asked for, so that the verdict is stored
 * in the same write as the SAML POST (or the closing page) instead of one more read-apply-write
 * cycle of the whole state behind the events queued meanwhile. A warm worker diagnoses in a few
 * ms; a cold one (first run of the code, or policy still loading) misses this and stores later.
 */
export const DIAGNOSIS_WAIT_MS = 50;

/** A diagnosis started by an event: `diagnosed` is set when it is ready. */
interface PendingDiagnosis {
  readonly done: Promise<void>;
  diagnosed?: DiagnosedEvent | undefined;
}

/**
 * The "do" half of capture: under the lock, read the stored state, apply the event (pure), and
 * write it back if it changed, with a guided run linked to its flow. Effects run at once: a flow
 * that carried a SAML value or just closed is diagnosed on the state in hand, and a verdict ready
 * within `DIAGNOSIS_WAIT_MS` is applied as its `diagnosed` event before that same write; a later one
 * is recorded as its own event after the write. A timeout check is asked for while the worker is
 * alive (if it is stopped first, the next event or the popup opening runs the check).
 */
export async function recordCaptureEvent(event: CaptureEvent): Promise<CaptureState> {
  const { state, changed } = await withCaptureLock(async () => {
    const session = await readCaptureSession();
    const { capture: before, guided } = session;
    const result = applyCaptureEvent(before, event, Date.now());
    const pending = startEffects(result.effects, result.state);
    let after = result.state;
    let late: readonly CaptureEffect[] = [];
    if (pending.length > 0) {
      await settleWithin(Promise.all(pending.map((p) => p.done)), DIAGNOSIS_WAIT_MS);
      for (const p of pending) {
        if (p.diagnosed === undefined) continue;
        const applied = applyCaptureEvent(after, p.diagnosed, Date.now());
        after = applied.state;
        late = [...late, ...applied.effects];
      }
    }
    const written = after === before ? Promise.resolve() : write(session, after, guided);
    for (const p of pending) if (p.diagnosed === undefined) void recordWhenReady(p, written);
    startEffects(late, after, written);
    await written;
    return { state: after, changed: after !== before };
  });
  if (changed) await updateBadge(state.flows);
  return state;
}

function write(session: CaptureSession, state: CaptureState, guided: GuidedRun | undefined): Promise<void> {
  const linked = guided === undefined ? undefined : linkGuidedRun(guided, state.flows);
  return writeCaptureSession(session, state, linked === guided ? undefined : linked);
}

/**
 * Schedules timeout checks and starts the diagnoses the effects ask for, on the flows of `state`.
 * With `written` the diagnoses are not waited for: each is recorded as its own event after it.
 */
function startEffects(effects: readonly CaptureEffect[], state: CaptureState, written?: Promise<void>): PendingDiagnosis[] {
  const pending: PendingDiagnosis[] = [];
  for (const effect of effects) {
    if (effect.kind === 'check-timeouts-at') {
      setTimeout(() => void recordCaptureEvent({ kind: 'tick' }), Math.max(0, effect.at - Date.now()) + 50);
      continue;
    }
    const flow = state.flows.find((f) => f.flow.id === effect.flowId)?.flow;
    if (flow === undefined) continue;
    const entry: PendingDiagnosis = {
      done: diagnose(effect, flow).then((diagnosed) => {
        entry.diagnosed = diagnosed;
      }),
    };
    if (written === undefined) pending.push(entry);
    else void recordWhenReady(entry, written);
  }
  return pending;
}

/** The `diagnosed` event for a diagnose effect; undefined (and logged) when the diagnosis failed. */
async function diagnose(effect: Exclude<CaptureEffect, { kind: 'check-timeouts-at' }>, flow: Flow): Promise<DiagnosedEvent | undefined> {
  try {
    const base = await readDiagnosisBase();
    const diagnosis = await diagnoseFlow(flow, { ...base.context, now: new Date().toISOString() });
    return effect.kind === 'diagnose'
      ? { kind: 'diagnosed', flowId: effect.flowId, closedAt: effect.closedAt, diagnosis }
      : { kind: 'diagnosed', flowId: effect.flowId, preliminary: true, diagnosis };
  } catch (error) {
    console.error(effect.kind === 'diagnose' ? 'SSO Doctor: diagnosis failed' : 'SSO Doctor: early diagnosis failed', error);
    return undefined;
  }
}

/**
 * A verdict that missed its event's write is stored through the lock like any event, never before
 * the state it belongs to; one for a flow that has moved on meanwhile (re-closed, or closed before
 * an early verdict) is dropped there.
 */
async function recordWhenReady(pending: PendingDiagnosis, written: Promise<void>): Promise<void> {
  await pending.done;
  if (pending.diagnosed === undefined) return;
  try {
    await written;
    await recordCaptureEvent(pending.diagnosed);
  } catch (error) {
    console.error('SSO Doctor: storing a diagnosis failed', error);
  }
}

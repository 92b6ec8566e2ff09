import type { CaptureState } from '../core/flow/apply-capture-event.ts';
import { sanitizeCaptureState } from '../core/flow/sanitize-capture-state.ts';
import { extensionApi } from '../messaging/extension-api.ts';
import type { GuidedRun } from '../messaging/protocol.ts';
import { STORAGE_KEYS } from '../messaging/storage-keys.ts';

/**
 * Persistence of everything captured, in `storage.session`: memory only, gone with the browser,
 * and (at its default access level) not readable by content scripts. The worker can be killed
 * between any two events, so nothing lives in module variables; every event reads, applies and
 * writes under one lock.
 */
const LOCK_NAME = 'sso-doctor/capture';

/**
 * Runs `task` alone: webRequest events arrive back to back (a POST, its redirect, the next
 * request) and two read-modify-write cycles must not interleave. The Web Locks API (Chrome 69,
 * Firefox 96, available in service workers) holds no state of ours; where it is missing (unit tests)
 * tasks simply run.
 */
export async function withCaptureLock<T>(task: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (locks === undefined) return task();
  return locks.request(LOCK_NAME, task);
}

export async function readCaptureState(): Promise<CaptureState> {
  return toCaptureState((await extensionApi().storage.session.get(STORAGE_KEYS.capture))[STORAGE_KEYS.capture]);
}

export async function writeCaptureState(state: CaptureState): Promise<void> {
  await extensionApi().storage.session.set({ [STORAGE_KEYS.capture]: state });
}

export async function readGuidedRun(): Promise<GuidedRun | undefined> {
  return toGuidedRun((await extensionApi().storage.session.get(STORAGE_KEYS.guided))[STORAGE_KEYS.guided]);
}

/** What one capture event works on, in one storage round trip. */
export interface CaptureSession {
  readonly capture: CaptureState;
  readonly guided: GuidedRun | undefined;
}

export async function readCaptureSession(): Promise<CaptureSession> {
  const stored = await extensionApi().storage.session.get([STORAGE_KEYS.capture, STORAGE_KEYS.guided]);
  return { capture: toCaptureState(stored[STORAGE_KEYS.capture]), guided: toGuidedRun(stored[STORAGE_KEYS.guided]) };
}

/** Writes the capture state, and the guided run with it when that changed, in one round trip. */
export async function writeCaptureSession(capture: CaptureState, guided?: GuidedRun): Promise<void> {
  const items: Record<string, unknown> = { [STORAGE_KEYS.capture]: capture };
  if (guided !== undefined) items[STORAGE_KEYS.guided] = guided;
  await extensionApi().storage.session.set(items);
}

export async function writeGuidedRun(run: GuidedRun | undefined): Promise<void> {
  const session = extensionApi().storage.session;
  if (run === undefined) await session.remove(STORAGE_KEYS.guided);
  else await session.set({ [STORAGE_KEYS.guided]: run });
}

function toCaptureState(stored: unknown): CaptureState {
  const { state, discarded } = sanitizeCaptureState(stored);
  // Damaged entries are dropped so they cannot break later captures; the next write persists that.
  if (discarded > 0) console.warn(`sso-doctor: discarded ${String(discarded)} unreadable captured flow(s) from storage.session`);
  return state;
}

function toGuidedRun(stored: unknown): GuidedRun | undefined {
  return isGuidedRun(stored) ? stored : undefined;
}

function isGuidedRun(value: unknown): value is GuidedRun {
  return typeof value === 'object' && value !== null && typeof (value as { tabId?: unknown }).tabId === 'number';
}

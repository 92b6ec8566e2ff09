import type { CaptureState } from '../core/flow/apply-capture-event.ts';
import { extensionApi } from '../messaging/extension-api.ts';
import type { DiscardedFlows, GuidedRun } from '../messaging/protocol.ts';
import { STORAGE_KEYS } from '../messaging/storage-keys.ts';
import { planCaptureWrite, readStoredCapture, type StoredCapture } from './capture-layout.ts';

/**
 * Persistence of everything captured, in `storage.session`: memory only, gone with the browser,
 * and (at its default access level) not readable by content scripts. The worker can be killed
 * between any two events, so nothing lives in module variables; every event reads, applies and
 * writes (what changed: one key per flow, see capture-layout.ts) under one lock.
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
  return (await readCaptureSession()).capture;
}

/** Replaces the capture state; the caller holds the capture lock. */
export async function writeCaptureState(state: CaptureState): Promise<void> {
  await writeCaptureSession(await readCaptureSession(), state);
}

export async function readGuidedRun(): Promise<GuidedRun | undefined> {
  return toGuidedRun((await extensionApi().storage.session.get(STORAGE_KEYS.guided))[STORAGE_KEYS.guided]);
}

/** What one capture event works on, in one storage round trip. */
export interface CaptureSession {
  readonly capture: CaptureState;
  readonly guided: GuidedRun | undefined;
  /** The layout as read: a write stores only what changed since. */
  readonly stored: StoredCapture;
  /** Flows removed as unreadable since the last clear, counting those this read dropped. */
  readonly discarded: DiscardedFlows | undefined;
}

export async function readCaptureSession(): Promise<CaptureSession> {
  // The index and every flow key in one round trip (the area holds little else).
  const items = await extensionApi().storage.session.get(null);
  const stored = readStoredCapture(items);
  // Damaged entries are dropped so they cannot break later captures; the next write persists that
  // with the note pages show (a flow that vanished silently would leave the agent guessing).
  const old = items[STORAGE_KEYS.discarded] as Partial<DiscardedFlows> | undefined; // -- reason: each field is checked where it is read
  const count = stored.discarded + (Number(old?.count) || 0);
  const at = stored.discarded > 0 || typeof old?.at !== 'string' ? new Date().toISOString() : old.at;
  return { capture: stored.state, guided: toGuidedRun(items[STORAGE_KEYS.guided]), stored, discarded: count > 0 ? { count, at } : undefined };
}

/**
 * Stores `capture` over the session it was derived from: the flows that changed and the index when
 * the list of flows did, with the guided run when that changed, in one round trip; keys of flows
 * no longer kept are removed after (the new index no longer names them).
 */
export async function writeCaptureSession(session: CaptureSession, capture: CaptureState, guided?: GuidedRun): Promise<void> {
  const { set, remove } = planCaptureWrite(session.stored, capture);
  const items: Record<string, unknown> = { ...set };
  if (guided !== undefined) items[STORAGE_KEYS.guided] = guided;
  if (session.stored.discarded > 0) items[STORAGE_KEYS.discarded] = session.discarded;
  const area = extensionApi().storage.session;
  if (Object.keys(items).length > 0) await area.set(items);
  if (remove.length > 0) await area.remove([...remove]);
}

export async function writeGuidedRun(run: GuidedRun): Promise<void> {
  await extensionApi().storage.session.set({ [STORAGE_KEYS.guided]: run });
}

function toGuidedRun(stored: unknown): GuidedRun | undefined {
  return isGuidedRun(stored) ? stored : undefined;
}

function isGuidedRun(value: unknown): value is GuidedRun {
  return typeof value === 'object' && value !== null && typeof (value as { tabId?: unknown }).tabId === 'number';
}

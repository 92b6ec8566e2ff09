import type { CaptureState, CapturedFlow } from '../core/flow/apply-capture-event.ts';
import { sanitizeCaptureState } from '../core/flow/sanitize-capture-state.ts';
import { STORAGE_KEYS } from '../messaging/storage-keys.ts';

/**
 * How the capture state lies in `storage.session`: an index (`CaptureIndex`, the flow ids oldest
 * first) under `STORAGE_KEYS.capture` and each flow under its own key, so that an event writes the
 * one flow it changed (tens of KB) rather than every stored flow; `storage.session.set` serialises
 * what it is given and `onChanged` hands old and new value to every listening page. Older versions
 * kept the whole state (`{ flows }`) under the index key: that is still read, and the next write
 * moves it to this layout.
 */
export interface CaptureIndex {
  readonly flowIds: readonly string[];
}

/** The storage key of one flow. */
export function flowKey(flowId: string): string {
  return `${STORAGE_KEYS.captureFlowPrefix}${flowId}`;
}

export function isFlowKey(key: string): boolean {
  return key.startsWith(STORAGE_KEYS.captureFlowPrefix);
}

/** The capture state as read, with what a later write compares against. */
export interface StoredCapture {
  readonly state: CaptureState;
  /** Unreadable entries dropped while reading (damaged storage). */
  readonly discarded: number;
  /** Flows as stored under their own keys, by id: an entry still identical to its one here is not written again. */
  readonly entries: ReadonlyMap<string, CapturedFlow>;
  /** The ids of a readable index in the current layout; undefined when the index must be (re)written. */
  readonly indexIds: readonly string[] | undefined;
  /** Every flow key present, including ones no index names (left by an interrupted write). */
  readonly flowKeys: readonly string[];
}

/** Reads the capture state out of everything `storage.session` returned. Never throws. */
export function readStoredCapture(items: Readonly<Record<string, unknown>>): StoredCapture {
  const flowKeys = Object.keys(items).filter(isFlowKey);
  const index = items[STORAGE_KEYS.capture];
  if (!isIndex(index)) {
    // Nothing stored yet, the whole state of an older version, or damage: sanitize tells which.
    const { state, discarded } = sanitizeCaptureState(index);
    return { state, discarded, entries: new Map(), indexIds: undefined, flowKeys };
  }
  const ids = [...new Set(index.flowIds)];
  const { state, discarded } = sanitizeCaptureState({ flows: ids.map((id) => items[flowKey(id)]) });
  const entries = new Map<string, CapturedFlow>();
  for (const captured of state.flows) {
    if (items[flowKey(captured.flow.id)] === captured) entries.set(captured.flow.id, captured);
  }
  const sound = discarded === 0 && ids.length === index.flowIds.length;
  return { state, discarded, entries, indexIds: sound ? ids : undefined, flowKeys };
}

/** What to store and remove so that storage holds `next`, given what was read. */
export interface CaptureWrite {
  readonly set: Readonly<Record<string, unknown>>;
  readonly remove: readonly string[];
}

export function planCaptureWrite(stored: StoredCapture, next: CaptureState): CaptureWrite {
  const set: Record<string, unknown> = {};
  const ids = next.flows.map((captured) => captured.flow.id);
  for (const captured of next.flows) {
    if (stored.entries.get(captured.flow.id) !== captured) set[flowKey(captured.flow.id)] = captured;
  }
  if (stored.indexIds === undefined || !sameIds(stored.indexIds, ids)) {
    const index: CaptureIndex = { flowIds: ids };
    set[STORAGE_KEYS.capture] = index;
  }
  const kept = new Set(ids.map(flowKey));
  return { set, remove: stored.flowKeys.filter((key) => !kept.has(key)) };
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

function isIndex(value: unknown): value is CaptureIndex {
  if (typeof value !== 'object' || value === null) return false;
  const ids = (value as { flowIds?: unknown }).flowIds;
  return Array.isArray(ids) && ids.every((id) => typeof id === 'string');
}

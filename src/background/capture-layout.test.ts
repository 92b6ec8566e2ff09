import { describe, expect, it } from 'vitest';
import type { CaptureState, CapturedFlow } from '../core/flow/apply-capture-event.ts';
import { flowKey, planCaptureWrite, readStoredCapture } from './capture-layout.ts';

function entry(id: string, lastActivityAt = 1): CapturedFlow {
  return {
    flow: { id, source: 'capture', startedAt: '2026-01-01T00:00:00.000Z', state: 'ended', hops: [{ id: 'h', kind: 'salesforce-idp', url: 'https://a.my.salesforce.com/idp/login', method: 'GET', startedAt: '2026-01-01T00:00:00.000Z' }] },
    frameId: 0,
    requestIds: ['1'],
    lastActivityAt,
  };
}

/** storage.session after a write: what `set` stored, minus what `remove` took away. */
function apply(items: Record<string, unknown>, write: ReturnType<typeof planCaptureWrite>): Record<string, unknown> {
  const next: Record<string, unknown> = { ...items, ...(JSON.parse(JSON.stringify(write.set)) as Record<string, unknown>) };
  for (const key of write.remove) Reflect.deleteProperty(next, key);
  return next;
}

describe('readStoredCapture', () => {
  it('reads the flows the index names, oldest first, each from its own key', () => {
    const a = entry('a');
    const b = entry('b');
    const stored = readStoredCapture({ capture: { flowIds: ['b', 'a'] }, [flowKey('a')]: a, [flowKey('b')]: b, guided: { tabId: 1 } });
    expect(stored.state.flows).toEqual([b, a]);
    expect(stored.discarded).toBe(0);
  });

  it('reads the whole state an older version kept under the one key', () => {
    const stored = readStoredCapture({ capture: { flows: [entry('a')] } });
    expect(stored.state.flows.map((f) => f.flow.id)).toEqual(['a']);
    expect(stored.indexIds).toBeUndefined();
  });

  it('drops an index entry whose flow is missing or damaged, and counts it', () => {
    const stored = readStoredCapture({ capture: { flowIds: ['a', 'gone', 'bad'] }, [flowKey('a')]: entry('a'), [flowKey('bad')]: { flow: null } });
    expect(stored.state.flows.map((f) => f.flow.id)).toEqual(['a']);
    expect(stored.discarded).toBe(2);
  });

  it('treats an empty session as no flows, not as damage', () => {
    expect(readStoredCapture({})).toMatchObject({ state: { flows: [] }, discarded: 0 });
  });
});

describe('planCaptureWrite', () => {
  it('writes only the flow an event changed, not the flows it left alone', () => {
    const items = { capture: { flowIds: ['a', 'b'] }, [flowKey('a')]: entry('a'), [flowKey('b')]: entry('b') };
    const stored = readStoredCapture(items);
    const changed = { ...stored.state.flows[1]!, lastActivityAt: 9 };
    const write = planCaptureWrite(stored, { flows: [stored.state.flows[0]!, changed] });
    expect(Object.keys(write.set)).toEqual([flowKey('b')]);
    expect(write.remove).toEqual([]);
  });

  it('writes a new flow with the index, and removes the key of a flow the caps dropped', () => {
    const items = { capture: { flowIds: ['a', 'b'] }, [flowKey('a')]: entry('a'), [flowKey('b')]: entry('b') };
    const stored = readStoredCapture(items);
    const next: CaptureState = { flows: [stored.state.flows[1]!, entry('c')] };
    const write = planCaptureWrite(stored, next);
    expect(Object.keys(write.set).sort()).toEqual(['capture', flowKey('c')]);
    expect(write.remove).toEqual([flowKey('a')]);
    expect(readStoredCapture(apply(items, write)).state).toEqual(next);
  });

  it('moves the state of an older version to one key per flow', () => {
    const items = { capture: { flows: [entry('a'), entry('b')] } };
    const stored = readStoredCapture(items);
    const after = apply(items, planCaptureWrite(stored, stored.state));
    expect(after['capture']).toEqual({ flowIds: ['a', 'b'] });
    expect(after[flowKey('b')]).toEqual(entry('b'));
    expect(readStoredCapture(after).state).toEqual(stored.state);
  });

  it('removes flow keys no index names, left behind by an interrupted write', () => {
    const items = { capture: { flowIds: ['a'] }, [flowKey('a')]: entry('a'), [flowKey('orphan')]: entry('orphan') };
    const stored = readStoredCapture(items);
    expect(planCaptureWrite(stored, stored.state)).toEqual({ set: {}, remove: [flowKey('orphan')] });
  });

  it('empties the store: an empty index and every flow key removed', () => {
    const items = { capture: { flowIds: ['a'] }, [flowKey('a')]: entry('a') };
    const write = planCaptureWrite(readStoredCapture(items), { flows: [] });
    expect(apply(items, write)).toEqual({ capture: { flowIds: [] } });
  });
});

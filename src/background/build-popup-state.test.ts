import { describe, expect, it } from 'vitest';
import type { CapturedFlow } from '../core/flow/apply-capture-event.ts';
import { buildPopupState, findStoredFlow } from './build-popup-state.ts';

function captured(id: string): CapturedFlow {
  return { flow: { id, source: 'capture', startedAt: `2026-03-02T10:00:0${id.length}.000Z`, hops: [], state: 'ended' }, frameId: 0, requestIds: ['1'], lastActivityAt: 0, closedAt: 1 };
}

const SETTINGS = { values: { region: 'us-east-1' }, managed: ['region' as const], problems: [] };

describe('buildPopupState', () => {
  it('lists flows newest first and shows the newest as latest', () => {
    const state = buildPopupState({ flows: [captured('a'), captured('bb')] }, undefined, SETTINGS);
    expect(state.flows.map((f) => f.id)).toEqual(['bb', 'a']);
    expect(state.latest?.flow.id).toBe('bb');
    expect(state.settings).toEqual({ values: { region: 'us-east-1' }, managed: ['region'], problems: [] });
  });

  it('shows the guided run flow as latest while it exists', () => {
    const guided = { tabId: 1, startedAt: '2026-03-02T10:00:00.000Z', flowId: 'a' };
    expect(buildPopupState({ flows: [captured('a'), captured('bb')] }, guided, SETTINGS).latest?.flow.id).toBe('a');
  });

  it('passes the note about removed unreadable flows on to the popup, even with no flow left', () => {
    const discarded = { count: 2, at: '2026-03-02T10:05:00.000Z' };
    expect(buildPopupState({ flows: [] }, undefined, SETTINGS, discarded).discarded).toEqual(discarded);
    expect(buildPopupState({ flows: [captured('a')] }, undefined, SETTINGS).discarded).toBeUndefined();
  });

  it('does not leak capture bookkeeping into the stored flow view', () => {
    expect(findStoredFlow({ flows: [captured('a')] }, 'a')).toEqual({ flow: captured('a').flow, diagnosis: undefined });
    expect(findStoredFlow({ flows: [captured('a')] }, 'zz')).toBeUndefined();
  });
});

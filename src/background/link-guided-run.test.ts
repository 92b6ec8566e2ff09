import { describe, expect, it } from 'vitest';
import type { CapturedFlow } from '../core/flow/apply-capture-event.ts';
import { linkGuidedRun } from './link-guided-run.ts';

function captured(id: string, tabId: number, frameId: number, startedAt: string): CapturedFlow {
  return { flow: { id, source: 'capture', startedAt, hops: [], state: 'running', tabId }, frameId, requestIds: [], lastActivityAt: 0 };
}

const RUN = { tabId: 5, startedAt: '2026-03-02T10:00:00.000Z', flowId: undefined };

describe('linkGuidedRun', () => {
  it('links the first top-frame flow of the run tab that started after the run', () => {
    const flows = [
      captured('old', 5, 0, '2026-03-02T09:00:00.000Z'),
      captured('frame', 5, 3, '2026-03-02T10:00:01.000Z'),
      captured('other-tab', 6, 0, '2026-03-02T10:00:01.000Z'),
      captured('mine', 5, 0, '2026-03-02T10:00:02.000Z'),
    ];
    expect(linkGuidedRun(RUN, flows)).toEqual({ ...RUN, flowId: 'mine' });
  });

  it('returns the same run when no flow qualifies or it is already linked', () => {
    expect(linkGuidedRun(RUN, [captured('x', 6, 0, '2026-03-02T10:00:02.000Z')])).toBe(RUN);
    const linked = { ...RUN, flowId: 'a' };
    expect(linkGuidedRun(linked, [captured('b', 5, 0, '2026-03-02T10:00:02.000Z')])).toBe(linked);
  });
});

import { describe, expect, it } from 'vitest';
import { sanitizeCaptureState } from './sanitize-capture-state.ts';

const good = {
  flow: { id: 'f1', source: 'capture', startedAt: '2026-01-01T00:00:00.000Z', state: 'ended', hops: [{ id: 'h', kind: 'salesforce-idp', url: 'https://a.my.salesforce.com/idp/login', method: 'GET', startedAt: '2026-01-01T00:00:00.000Z' }] },
  frameId: 0,
  requestIds: ['1'],
  lastActivityAt: 1,
};

describe('sanitizeCaptureState', () => {
  it('keeps a sound store as it is', () => {
    const stored = { flows: [good] };
    expect(sanitizeCaptureState(stored)).toEqual({ state: stored, discarded: 0 });
  });

  it('keeps entries of older versions: no stored size, and an early verdict next to the final one', () => {
    const diagnosis = { primary: { id: 'aws-signature-invalid' }, findings: [] };
    const older = { ...good, diagnosis, preliminaryDiagnosis: diagnosis };
    const stored = { flows: [older, { ...good, storedBytes: 321 }] };
    expect(sanitizeCaptureState(stored)).toEqual({ state: stored, discarded: 0 });
  });

  it('treats an empty store as empty, not as damage', () => {
    expect(sanitizeCaptureState(undefined)).toEqual({ state: { flows: [] }, discarded: 0 });
  });

  it.each([
    ['a string', 'garbage'],
    ['flows that is not an array', { flows: 'x' }],
  ])('replaces %s by an empty store and counts it', (_what, stored) => {
    expect(sanitizeCaptureState(stored)).toEqual({ state: { flows: [] }, discarded: 1 });
  });

  it.each([
    ['a null entry', null],
    ['an entry without its flow', { frameId: 0, requestIds: [], lastActivityAt: 0 }],
    ['hops that is not an array', { ...good, flow: { ...good.flow, hops: 'nope' } }],
    ['requestIds that is not an array', { ...good, requestIds: 5 }],
    ['a hop without a URL', { ...good, flow: { ...good.flow, hops: [{ id: 'h' }] } }],
    ['a diagnosis without findings', { ...good, diagnosis: { primary: {} } }],
    ['an early verdict without a primary finding', { ...good, preliminaryDiagnosis: { findings: [] } }],
    ['a stored size that is not a number', { ...good, storedBytes: '12' }],
    ['a negative stored size', { ...good, storedBytes: -1 }],
  ])('drops %s and keeps the sound entries', (_what, bad) => {
    const result = sanitizeCaptureState({ flows: [good, bad, good] });
    expect(result.discarded).toBe(1);
    expect(result.state.flows).toEqual([good, good]);
  });
});

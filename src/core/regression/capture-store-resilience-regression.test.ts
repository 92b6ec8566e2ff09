/**
 * CWE-400 / CWE-770 (resource exhaustion) and CWE-502-style trust in stored data — the flow store.
 *
 * Everything captured lives in `storage.session` (Chrome and Firefox give that area 10 MB). Any web
 * page can make the browser POST a SAMLResponse to AWS sign-in, and a busy agent signs in many
 * times a day, so the store must stay within its caps however many flows arrive (at most
 * `maxFlows`, at most `maxBytes` of JSON, oldest dropped first), the popup state must not grow with
 * history, no single capture may push the store past the browser's quota, and a corrupted stored
 * value must be discarded instead of breaking every later capture.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildPopupState } from '../../background/build-popup-state.ts';
import { flowKey, isFlowKey } from '../../background/capture-layout.ts';
import { recordCaptureEvent } from '../../background/record-capture-event.ts';
import { TEST_DEFAULTS, buildSalesforceResponse, encodePost, sharedTestIdp, testContext } from '../../testing/saml-builder.ts';
import { diagnoseFlow } from '../diagnosis/diagnose.ts';
import type { Diagnosis } from '../diagnosis/diagnosis.ts';
import { DEFAULT_CAPTURE_LIMITS, EMPTY_CAPTURE_STATE, applyCaptureEvent, type CaptureEvent, type CaptureState } from '../flow/apply-capture-event.ts';
import { mergeSettings } from '../settings/merge-settings.ts';

/** chrome.storage.session.QUOTA_BYTES (Chrome 112+; Firefox uses the same 10 MB). */
const SESSION_QUOTA_BYTES = 10 * 1024 * 1024;
const T0 = Date.parse(TEST_DEFAULTS.issueInstant);
const IDP_LOGIN = `https://${TEST_DEFAULTS.myDomainHost}/idp/login?app=${TEST_DEFAULTS.connectedAppId}`;

let samlResponse: string;
let diagnosis: Diagnosis;

beforeAll(async () => {
  samlResponse = encodePost(buildSalesforceResponse(await sharedTestIdp()));
});

/** One complete sign-in as webRequest reports it: idp/login → SAML POST → federate → Connect. */
function signInEvents(n: number, value: string = samlResponse): { event: CaptureEvent; at: number }[] {
  const start = T0 + n * 120_000;
  const base = { tabId: 7, frameId: 0 };
  return [
    { at: start, event: { kind: 'before-request', ...base, requestId: `i${String(n)}`, url: IDP_LOGIN, method: 'GET', parentFrameId: -1, type: 'main_frame', timeStamp: start } },
    { at: start + 300, event: { kind: 'completed', ...base, requestId: `i${String(n)}`, url: IDP_LOGIN, statusCode: 200, timeStamp: start + 300 } },
    {
      at: start + 400,
      event: {
        kind: 'before-request',
        ...base,
        requestId: `s${String(n)}`,
        url: TEST_DEFAULTS.samlEndpoint,
        method: 'POST',
        parentFrameId: -1,
        type: 'main_frame',
        timeStamp: start + 400,
        body: { formData: { SAMLResponse: [value], RelayState: [TEST_DEFAULTS.federateUrl] } },
      },
    },
    { at: start + 600, event: { kind: 'before-redirect', ...base, requestId: `s${String(n)}`, url: TEST_DEFAULTS.samlEndpoint, statusCode: 302, redirectUrl: TEST_DEFAULTS.federateUrl, timeStamp: start + 600 } },
    { at: start + 650, event: { kind: 'before-request', ...base, requestId: `s${String(n)}`, url: TEST_DEFAULTS.federateUrl, method: 'GET', parentFrameId: -1, type: 'main_frame', timeStamp: start + 650 } },
    { at: start + 800, event: { kind: 'before-redirect', ...base, requestId: `s${String(n)}`, url: TEST_DEFAULTS.federateUrl, statusCode: 302, redirectUrl: TEST_DEFAULTS.connectAppUrl, timeStamp: start + 800 } },
    { at: start + 850, event: { kind: 'before-request', ...base, requestId: `s${String(n)}`, url: TEST_DEFAULTS.connectAppUrl, method: 'GET', parentFrameId: -1, type: 'main_frame', timeStamp: start + 850 } },
    { at: start + 1_200, event: { kind: 'completed', ...base, requestId: `s${String(n)}`, url: TEST_DEFAULTS.connectAppUrl, statusCode: 200, timeStamp: start + 1_200 } },
  ];
}

interface Folded {
  readonly state: CaptureState;
  readonly maxFlows: number;
  readonly maxBytes: number;
  readonly ms: number;
}

/** Folds `count` sign-ins (each diagnosed, as the worker does), checking the store after each one. */
function fold(count: number, check: (state: CaptureState) => void = () => undefined): Folded {
  let state = EMPTY_CAPTURE_STATE;
  let maxFlows = 0;
  let maxBytes = 0;
  const started = performance.now();
  for (let n = 0; n < count; n++) {
    for (const { event, at } of signInEvents(n)) {
      const result = applyCaptureEvent(state, event, at);
      state = result.state;
      maxFlows = Math.max(maxFlows, state.flows.length);
      for (const effect of result.effects) {
        if (effect.kind !== 'diagnose') continue;
        state = applyCaptureEvent(state, { kind: 'diagnosed', flowId: effect.flowId, closedAt: effect.closedAt, diagnosis: { ...diagnosis, flowId: effect.flowId } }, at).state;
      }
    }
    if (state.flows.length > 1) maxBytes = Math.max(maxBytes, JSON.stringify(state).length);
    check(state);
  }
  return { state, maxFlows, maxBytes, ms: performance.now() - started };
}

describe('the flow store under 1,000 captured sign-ins (CWE-400)', () => {
  let thousand: Folded;
  let checkedOrder = true;

  beforeAll(async () => {
    // A real diagnosis of a real captured flow, reused for every flow (its size is what matters).
    const captured = fold(1).state.flows[0];
    if (captured === undefined) throw new Error('the sign-in did not produce a flow');
    diagnosis = await diagnoseFlow(captured.flow, testContext());
    expect(diagnosis.primary.id).toBe('sso-healthy');
    let lastNewest = '';
    thousand = fold(1_000, (state) => {
      const starts = state.flows.map((f) => f.flow.startedAt);
      const newest = starts.at(-1) ?? '';
      if (newest < lastNewest || starts.join() !== [...starts].sort().join()) checkedOrder = false;
      lastNewest = newest;
    });
  }, 300_000);

  it('keeps at most maxFlows flows and at most maxBytes of JSON after every sign-in, dropping the oldest first', () => {
    expect(thousand.maxFlows).toBeLessThanOrEqual(DEFAULT_CAPTURE_LIMITS.maxFlows);
    expect(thousand.maxBytes).toBeLessThanOrEqual(DEFAULT_CAPTURE_LIMITS.maxBytes);
    expect(checkedOrder).toBe(true);
    expect(thousand.state.flows.length).toBeGreaterThan(1);
    expect(thousand.state.flows.at(-1)?.flow.startedAt).toBe(new Date(T0 + 999 * 120_000).toISOString());
    expect(thousand.state.flows.every((f) => f.flow.closeReason === 'reached-connect' && f.diagnosis?.primary.id === 'sso-healthy')).toBe(true);
  });

  it('spends at most 30× the time on 10× the sign-ins (100 → 1,000): the caps keep each event cheap', () => {
    const hundred = fold(100);
    expect(thousand.ms, `100: ${hundred.ms.toFixed(0)} ms, 1,000: ${thousand.ms.toFixed(0)} ms`).toBeLessThanOrEqual(Math.max(hundred.ms, 5) * 30);
  }, 120_000);

  it('builds the popup state from the store after 1,000 sign-ins as cheaply as after 20, and as small', () => {
    const settings = mergeSettings(undefined, undefined);
    const after20 = fold(20).state;
    const time = (state: CaptureState): number => {
      let best = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 20; i++) {
        const started = performance.now();
        JSON.stringify(buildPopupState(state, undefined, settings));
        best = Math.min(best, performance.now() - started);
      }
      return best;
    };
    const popup = buildPopupState(thousand.state, undefined, settings);
    expect(popup.flows.length).toBeLessThanOrEqual(DEFAULT_CAPTURE_LIMITS.maxFlows);
    expect(JSON.stringify(popup).length).toBeLessThanOrEqual(2 * JSON.stringify(buildPopupState(after20, undefined, settings)).length);
    expect(time(thousand.state)).toBeLessThanOrEqual(Math.max(time(after20), 1) * 5);
  }, 120_000);

  it('keeps the store under the storage.session quota even when one hostile page POSTs a 12 MB SAMLResponse', () => {
    const huge = 'A'.repeat(12 * 1024 * 1024);
    let state = fold(3).state;
    for (const { event, at } of signInEvents(10, huge)) state = applyCaptureEvent(state, event, at).state;
    expect(JSON.stringify(state).length, 'one capture must not exceed what storage.session can hold').toBeLessThan(SESSION_QUOTA_BYTES);
  });
});

// ---------------------------------------------------------------------------------------------
// Corrupted stored data, through the real capture shell over an in-memory browser

function fakeBrowser(stored: unknown) {
  const session: Record<string, unknown> = { capture: stored };
  const local: Record<string, unknown> = {};
  const area = (items: Record<string, unknown>) => ({
    get: (key: string | null) => Promise.resolve(key === null ? { ...items } : { [key]: items[key] }),
    set: (values: Record<string, unknown>) => {
      Object.assign(items, JSON.parse(JSON.stringify(values)) as Record<string, unknown>);
      return Promise.resolve();
    },
    remove: (keys: string | readonly string[]) => {
      for (const key of typeof keys === 'string' ? [keys] : keys) Reflect.deleteProperty(items, key);
      return Promise.resolve();
    },
  });
  const api = {
    runtime: { id: 'ext' },
    storage: { session: area(session), local: area(local), managed: { get: () => Promise.reject(new Error('no managed storage')) } },
    action: { setBadgeText: () => Promise.resolve(), setBadgeBackgroundColor: () => Promise.resolve(), setTitle: () => Promise.resolve() },
  };
  return { api, session };
}

const CORRUPTED: readonly (readonly [string, unknown])[] = [
  ['a string', 'garbage'],
  ['a number', 42],
  ['flows that is not an array', { flows: 'x' }],
  ['a null flow', { flows: [null] }],
  ['a flow without its flow object', { flows: [{ frameId: 0, requestIds: [], lastActivityAt: 0 }] }],
  ['a flow whose hops is not an array', { flows: [{ flow: { id: 'f', state: 'running', hops: 'nope', tabId: 7 }, frameId: 0, requestIds: [], lastActivityAt: 0 }] }],
  ['a flow whose requestIds is not an array', { flows: [{ flow: { id: 'f', state: 'ended', hops: [], tabId: 7 }, frameId: 0, requestIds: 5, lastActivityAt: 0 }] }],
];

describe('corrupted data in storage.session', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0, toFake: ['Date', 'setTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  for (const [what, stored] of CORRUPTED) {
    it(`discards ${what} and goes on capturing instead of failing every later event`, async () => {
      const browser = fakeBrowser(stored);
      vi.stubGlobal('chrome', browser.api);
      const first = signInEvents(0)[0];
      if (first === undefined) throw new Error('no event');
      await expect(recordCaptureEvent(first.event)).resolves.toBeDefined();
      // Read raw (an index of flow ids, each flow under its own key), not through the sanitizing reader.
      const index = browser.session['capture'] as { readonly flowIds: readonly string[] }; // -- reason: the index the worker just wrote
      const flows = index.flowIds.map((id) => browser.session[flowKey(id)]) as readonly CaptureState['flows'][number][]; // -- reason: checked entry by entry below
      expect(flows.at(-1)?.flow.hops[0]?.url).toBe(IDP_LOGIN);
      expect(Object.keys(browser.session).filter(isFlowKey)).toHaveLength(flows.length);
      // The damaged entry is gone, not kept to break the diagnosis or the popup later.
      for (const captured of flows as readonly unknown[]) {
        const entry = captured as { flow?: { hops?: unknown }; requestIds?: unknown } | null; // -- reason: checking stored data of unknown shape
        expect(Array.isArray(entry?.flow?.hops)).toBe(true);
        expect(Array.isArray(entry?.requestIds)).toBe(true);
      }
    });
  }
});

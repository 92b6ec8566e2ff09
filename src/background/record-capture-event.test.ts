import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CaptureState, CapturedFlow } from '../core/flow/apply-capture-event.ts';
import { flowKey, isFlowKey, readStoredCapture } from './capture-layout.ts';
import type { GuidedRun } from '../messaging/protocol.ts';
import { forgetDiagnosisBase } from './read-diagnosis-base.ts';
import { DIAGNOSIS_WAIT_MS, recordCaptureEvent } from './record-capture-event.ts';

/** Lets a test hold the settings read back, so a diagnosis misses its event's write. */
const settingsGate = vi.hoisted(() => ({ hold: undefined as Promise<void> | undefined }));
vi.mock('./read-diagnosis-base.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./read-diagnosis-base.ts')>();
  return {
    ...actual,
    readDiagnosisBase: async () => {
      if (settingsGate.hold !== undefined) await settingsGate.hold;
      return actual.readDiagnosisBase();
    },
  };
});

/** An in-memory stand-in for the parts of the WebExtension API the capture shell touches. */
function fakeBrowser() {
  const areas: Record<'session' | 'local', Record<string, unknown>> = { session: {}, local: {} };
  const writes: Record<string, unknown>[] = [];
  const area = (name: 'session' | 'local') => ({
    get: (keys: string | readonly string[] | null) => {
      if (keys === null) return Promise.resolve({ ...areas[name] });
      const wanted = typeof keys === 'string' ? [keys] : keys;
      return Promise.resolve(Object.fromEntries(wanted.filter((key) => key in areas[name]).map((key) => [key, areas[name][key]])));
    },
    set: (items: Record<string, unknown>) => {
      if (name === 'session') writes.push(items);
      // storage serialises values: a later mutation of the caller's object must not leak in.
      Object.assign(areas[name], JSON.parse(JSON.stringify(items)) as Record<string, unknown>);
      return Promise.resolve();
    },
    remove: (keys: string | readonly string[]) => {
      for (const key of typeof keys === 'string' ? [keys] : keys) Reflect.deleteProperty(areas[name], key);
      return Promise.resolve();
    },
  });
  const badge = { text: '', title: '' };
  const api = {
    runtime: { id: 'ext' },
    storage: { session: area('session'), local: area('local'), managed: { get: () => Promise.reject(new Error('no managed storage')) } },
    action: {
      setBadgeText: ({ text }: { text: string }) => {
        badge.text = text;
        return Promise.resolve();
      },
      setBadgeBackgroundColor: () => Promise.resolve(),
      setTitle: ({ title }: { title: string }) => {
        badge.title = title;
        return Promise.resolve();
      },
    },
  };
  return { api, areas, badge, writes };
}

const T0 = Date.parse('2026-03-02T10:00:00Z');

/** The capture state as the worker would read it back from the fake session. */
function stored(browser: { readonly areas: { readonly session: Record<string, unknown> } }): CaptureState {
  return readStoredCapture(browser.areas.session).state;
}
const PAGE = 'https://acme.my.salesforce.com/idp/login?app=0sp1';
const IDP_LOGIN = { kind: 'before-request', requestId: '1', url: PAGE, method: 'GET', tabId: 4, frameId: 0, parentFrameId: -1, type: 'main_frame', timeStamp: T0 } as const;
const SAML_POST = {
  kind: 'before-request',
  requestId: '2',
  url: 'https://signin.aws.amazon.com/saml',
  method: 'POST',
  tabId: 4,
  frameId: 0,
  parentFrameId: -1,
  type: 'main_frame',
  timeStamp: T0 + 100,
  body: { formData: { SAMLResponse: [btoa('<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>')] } },
} as const;

describe('recordCaptureEvent', () => {
  let browser: ReturnType<typeof fakeBrowser>;

  beforeEach(() => {
    browser = fakeBrowser();
    vi.stubGlobal('chrome', browser.api);
    // The settings cache outlives a test's fake browser; each test starts without it.
    forgetDiagnosisBase();
    settingsGate.hold = undefined;
    vi.useFakeTimers({ now: T0 + 1000, toFake: ['Date', 'setTimeout'] });
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('stores each event in storage.session, so a restarted worker continues the flow', async () => {
    await recordCaptureEvent({ kind: 'before-request', requestId: '1', url: PAGE, method: 'GET', tabId: 4, frameId: 0, parentFrameId: -1, type: 'main_frame', timeStamp: T0 });
    await recordCaptureEvent({ kind: 'completed', requestId: '1', url: PAGE, tabId: 4, frameId: 0, timeStamp: T0 + 50, statusCode: 200 });
    const state = stored(browser);
    expect(state.flows).toHaveLength(1);
    expect(state.flows[0]?.flow.hops[0]?.status).toBe(200);
    expect(browser.areas.local).toEqual({});
  });

  it('diagnoses a flow closed by an error page and raises the badge', async () => {
    await recordCaptureEvent({ kind: 'before-request', requestId: '1', url: PAGE, method: 'GET', tabId: 4, frameId: 0, parentFrameId: -1, type: 'main_frame', timeStamp: T0 });
    await recordCaptureEvent({
      kind: 'page-reading',
      tabId: 4,
      frameId: 0,
      url: PAGE,
      reading: { classification: 'sf-insufficient-privileges', title: 'Insufficient Privileges', excerpt: 'You do not have the level of access necessary to perform the operation you requested.' },
    });
    await vi.waitFor(() => {
      expect(stored(browser).flows[0]?.diagnosis?.primary.id).toBe('sf-insufficient-privileges');
    });
    await vi.waitFor(() => {
      expect(browser.badge.text).toBe('!');
    });
  });

  it('writes only the flow an event changed, not the other stored flows', async () => {
    await recordCaptureEvent(IDP_LOGIN);
    await recordCaptureEvent({ ...IDP_LOGIN, requestId: '5', tabId: 5, timeStamp: T0 + 10 });
    const [first, second] = stored(browser).flows;
    browser.writes.splice(0);
    await recordCaptureEvent({ kind: 'completed', requestId: '5', url: PAGE, tabId: 5, frameId: 0, timeStamp: T0 + 60, statusCode: 200 });
    expect(browser.writes.map((items) => Object.keys(items))).toEqual([[flowKey(second?.flow.id ?? '')]]);
    expect(stored(browser).flows[0]).toEqual(first);
    expect(stored(browser).flows[1]?.flow.hops[0]?.status).toBe(200);
  });

  it('writes nothing for a request outside the SSO chain', async () => {
    await recordCaptureEvent({ kind: 'before-request', requestId: '9', url: 'https://acme.lightning.force.com/one/one.app', method: 'GET', tabId: 4, frameId: 0, parentFrameId: -1, type: 'main_frame', timeStamp: T0 });
    expect(browser.areas.session).toEqual({});
  });

  it('stores the early verdict of a SAML POST in the same write as the POST when it is ready in time', async () => {
    await recordCaptureEvent(IDP_LOGIN);
    await recordCaptureEvent(SAML_POST);
    const flow = stored(browser).flows[0];
    expect(flow?.flow.state).toBe('running');
    expect(flow?.preliminaryDiagnosis).toBeDefined();
    const withPost = browser.writes.filter((items) => Object.entries(items).some(([key, value]) => isFlowKey(key) && (value as CapturedFlow).flow.hops.length === 2));
    expect(withPost).toHaveLength(1);
  });

  it('stores an early verdict that misses the wait by itself, after the SAML POST it belongs to', async () => {
    let release = (): void => undefined;
    settingsGate.hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    await recordCaptureEvent(IDP_LOGIN);
    const posting = recordCaptureEvent(SAML_POST);
    await vi.advanceTimersByTimeAsync(DIAGNOSIS_WAIT_MS);
    await posting;
    const afterPost = stored(browser).flows[0];
    expect(afterPost?.flow.hops).toHaveLength(2);
    expect(afterPost?.preliminaryDiagnosis).toBeUndefined();
    release();
    await vi.waitFor(() => {
      expect(stored(browser).flows[0]?.preliminaryDiagnosis).toBeDefined();
    });
    expect(stored(browser).flows[0]?.flow.hops).toHaveLength(2);
  });

  it('links a guided run to the flow it started in the same write as the flow', async () => {
    const run: GuidedRun = { tabId: 4, startedAt: new Date(T0 - 500).toISOString(), flowId: undefined };
    browser.areas.session['guided'] = run;
    await recordCaptureEvent({ kind: 'before-request', requestId: '1', url: PAGE, method: 'GET', tabId: 4, frameId: 0, parentFrameId: -1, type: 'main_frame', timeStamp: T0 });
    const flowId = stored(browser).flows[0]?.flow.id;
    expect(flowId).toBeDefined();
    expect((browser.areas.session['guided'] as GuidedRun).flowId).toBe(flowId);
    expect(browser.writes).toHaveLength(1);
  });
});

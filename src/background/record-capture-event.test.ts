import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CaptureState } from '../core/flow/apply-capture-event.ts';
import { recordCaptureEvent } from './record-capture-event.ts';

/** An in-memory stand-in for the parts of the WebExtension API the capture shell touches. */
function fakeBrowser() {
  const areas: Record<'session' | 'local', Record<string, unknown>> = { session: {}, local: {} };
  const area = (name: 'session' | 'local') => ({
    get: (key: string | null) => Promise.resolve(key === null ? { ...areas[name] } : { [key]: areas[name][key] }),
    set: (items: Record<string, unknown>) => {
      // storage serialises values: a later mutation of the caller's object must not leak in.
      Object.assign(areas[name], JSON.parse(JSON.stringify(items)) as Record<string, unknown>);
      return Promise.resolve();
    },
    remove: (key: string) => {
      Reflect.deleteProperty(areas[name], key);
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
  return { api, areas, badge };
}

const T0 = Date.parse('2026-03-02T10:00:00Z');
const PAGE = 'https://acme.my.salesforce.com/idp/login?app=0sp1';

describe('recordCaptureEvent', () => {
  let browser: ReturnType<typeof fakeBrowser>;

  beforeEach(() => {
    browser = fakeBrowser();
    vi.stubGlobal('chrome', browser.api);
    vi.useFakeTimers({ now: T0 + 1000, toFake: ['Date', 'setTimeout'] });
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('stores each event in storage.session, so a restarted worker continues the flow', async () => {
    await recordCaptureEvent({ kind: 'before-request', requestId: '1', url: PAGE, method: 'GET', tabId: 4, frameId: 0, parentFrameId: -1, type: 'main_frame', timeStamp: T0 });
    await recordCaptureEvent({ kind: 'completed', requestId: '1', url: PAGE, tabId: 4, frameId: 0, timeStamp: T0 + 50, statusCode: 200 });
    const stored = browser.areas.session['capture'] as CaptureState;
    expect(stored.flows).toHaveLength(1);
    expect(stored.flows[0]?.flow.hops[0]?.status).toBe(200);
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
      expect((browser.areas.session['capture'] as CaptureState).flows[0]?.diagnosis?.primary.id).toBe('sf-insufficient-privileges');
    });
    await vi.waitFor(() => {
      expect(browser.badge.text).toBe('!');
    });
  });

  it('writes nothing for a request outside the SSO chain', async () => {
    await recordCaptureEvent({ kind: 'before-request', requestId: '9', url: 'https://acme.lightning.force.com/one/one.app', method: 'GET', tabId: 4, frameId: 0, parentFrameId: -1, type: 'main_frame', timeStamp: T0 });
    expect(browser.areas.session).toEqual({});
  });
});

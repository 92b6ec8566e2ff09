import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { STORAGE_KEYS } from '../messaging/storage-keys.ts';
import { flowKey, isFlowKey, readStoredCapture } from './capture-layout.ts';
import { MESSAGE_HANDLERS } from './message-handlers.ts';
import { forgetDiagnosisBase } from './read-diagnosis-base.ts';
import { recordCaptureEvent } from './record-capture-event.ts';

/** The storage areas and toolbar action the handlers touch, in memory; counts writes of the capture state. */
function fakeBrowser() {
  const session: Record<string, unknown> = {};
  let captureWrites = 0;
  const api = {
    runtime: { id: 'ext' },
    storage: {
      session: {
        get: (keys: string | readonly string[] | null) => {
          if (keys === null) return Promise.resolve({ ...session });
          const wanted = typeof keys === 'string' ? [keys] : keys;
          return Promise.resolve(Object.fromEntries(wanted.filter((key) => key in session).map((key) => [key, session[key]])));
        },
        set: (items: Record<string, unknown>) => {
          if (Object.keys(items).some((key) => key === 'capture' || isFlowKey(key))) captureWrites++;
          Object.assign(session, JSON.parse(JSON.stringify(items)) as Record<string, unknown>);
          return Promise.resolve();
        },
        remove: (keys: string | readonly string[]) => {
          for (const key of typeof keys === 'string' ? [keys] : keys) Reflect.deleteProperty(session, key);
          return Promise.resolve();
        },
      },
      local: { get: () => Promise.resolve({}) },
      managed: { get: () => Promise.resolve({}) },
    },
    action: { setBadgeText: () => Promise.resolve(), setBadgeBackgroundColor: () => Promise.resolve(), setTitle: () => Promise.resolve() },
  };
  return { api, session, captureWrites: () => captureWrites };
}

const T0 = Date.parse('2026-03-02T10:00:00Z');

let browser: ReturnType<typeof fakeBrowser>;
let lockRequests: number;

// Every test starts with one running flow captured at T0.
beforeEach(async () => {
  browser = fakeBrowser();
  vi.stubGlobal('chrome', browser.api);
  lockRequests = 0;
  vi.stubGlobal('navigator', {
    locks: {
      request: (_name: string, task: () => Promise<unknown>) => {
        lockRequests++;
        return task();
      },
    },
  });
  vi.useFakeTimers({ now: T0, toFake: ['Date', 'setTimeout'] });
  forgetDiagnosisBase();
  await recordCaptureEvent({
    kind: 'before-request',
    requestId: '1',
    url: 'https://acme.my.salesforce.com/idp/login?app=0sp1',
    method: 'GET',
    tabId: 4,
    frameId: 0,
    parentFrameId: -1,
    type: 'main_frame',
    timeStamp: T0,
  });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('getState', () => {
  it('closes a flow whose timeout passed while the worker slept, and shows it ended', async () => {
    vi.setSystemTime(T0 + 10 * 60_000);
    const locksBefore = lockRequests;
    const state = await MESSAGE_HANDLERS.getState();
    expect(lockRequests).toBeGreaterThan(locksBefore);
    expect(state.flows[0]?.state).toBe('ended');
    expect(readStoredCapture(browser.session).state.flows[0]?.flow.state).toBe('ended');
  });

  it('leaves the capture lock alone while no flow has stalled, so an open popup does not hold up capture', async () => {
    const writesBefore = browser.captureWrites();
    const locksBefore = lockRequests;
    vi.setSystemTime(T0 + 1000);
    const state = await MESSAGE_HANDLERS.getState();
    expect(state.flows[0]?.state).toBe('running');
    expect(lockRequests).toBe(locksBefore);
    expect(browser.captureWrites()).toBe(writesBefore);
  });
});

describe('unreadable captured flows', () => {
  const capturedId = (): string => readStoredCapture(browser.session).state.flows[0]?.flow.id ?? '';
  const damage = (flowId: string): void => {
    browser.session[flowKey(flowId)] = { flow: 'half-written' };
  };

  it('shows no note while every stored flow is readable', async () => {
    expect((await MESSAGE_HANDLERS.getState()).discarded).toBeUndefined();
  });

  it('tells the popup how many flows were unreadable, before any write has removed them', async () => {
    damage(capturedId());
    vi.setSystemTime(T0 + 1000);
    const state = await MESSAGE_HANDLERS.getState();
    expect(state.flows).toEqual([]);
    expect(state.discarded).toEqual({ count: 1, at: new Date(T0 + 1000).toISOString() });
  });

  it('keeps the note once the next capture has removed the damaged flow, counting it once', async () => {
    const id = capturedId();
    damage(id);
    vi.setSystemTime(T0 + 2000);
    await recordCaptureEvent({ kind: 'before-request', requestId: '2', url: 'https://acme.my.salesforce.com/idp/login?app=0sp1', method: 'GET', tabId: 5, frameId: 0, parentFrameId: -1, type: 'main_frame', timeStamp: T0 + 2000 });
    expect(flowKey(id) in browser.session).toBe(false);
    vi.setSystemTime(T0 + 3000);
    const first = await MESSAGE_HANDLERS.getState();
    const second = await MESSAGE_HANDLERS.getState();
    expect(first.flows).toHaveLength(1);
    expect(first.discarded).toEqual({ count: 1, at: new Date(T0 + 2000).toISOString() });
    expect(second.discarded).toEqual(first.discarded);
  });

  it('adds later removals to the note and dates it by the latest', async () => {
    browser.session[STORAGE_KEYS.discarded] = { count: 2, at: new Date(T0 - 60_000).toISOString() };
    damage(capturedId());
    vi.setSystemTime(T0 + 5000);
    expect((await MESSAGE_HANDLERS.getState()).discarded).toEqual({ count: 3, at: new Date(T0 + 5000).toISOString() });
  });

  it('reads a damaged note as no earlier removals rather than failing', async () => {
    browser.session[STORAGE_KEYS.discarded] = 'garbage';
    expect((await MESSAGE_HANDLERS.getState()).discarded).toBeUndefined();
    damage(capturedId());
    expect((await MESSAGE_HANDLERS.getState()).discarded?.count).toBe(1);
  });

  it('drops the note when the user clears the captured data, even while a damaged flow is still stored', async () => {
    browser.session[STORAGE_KEYS.discarded] = { count: 1, at: new Date(T0).toISOString() };
    damage(capturedId());
    await MESSAGE_HANDLERS.clearFlows();
    expect(STORAGE_KEYS.discarded in browser.session).toBe(false);
    expect((await MESSAGE_HANDLERS.getState()).discarded).toBeUndefined();
  });
});

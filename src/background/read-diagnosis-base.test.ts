import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { forgetDiagnosisBase, readDiagnosisBase } from './read-diagnosis-base.ts';
import { POLICY_WAIT_MS } from './read-effective-settings.ts';

/** `managed`: what storage.managed.get returns (a promise the test may never settle); without it, no policy. */
function fakeBrowser(options: { readonly managed?: () => Promise<unknown>; readonly managedCopy?: boolean } = {}) {
  const local: Record<string, unknown> = {};
  const session: Record<string, unknown> = options.managedCopy === false ? {} : { managedCopy: {} };
  let localReads = 0;
  let managedReads = 0;
  let failLocal = false;
  const pick = (area: Record<string, unknown>, key: string) => (key in area ? { [key]: area[key] } : {});
  const api = {
    runtime: { id: 'ext' },
    storage: {
      local: {
        get: (key: string) => {
          localReads++;
          return failLocal ? Promise.reject(new Error('storage is gone')) : Promise.resolve(pick(local, key));
        },
      },
      session: {
        get: (key: string) => Promise.resolve(pick(session, key)),
        set: (items: Record<string, unknown>) => {
          Object.assign(session, items);
          return Promise.resolve();
        },
      },
      managed: {
        get: () => {
          managedReads++;
          return options.managed === undefined ? Promise.resolve({}) : options.managed();
        },
      },
    },
  };
  return {
    api,
    local,
    session,
    reads: () => localReads,
    managedReads: () => managedReads,
    failLocal: (fail: boolean) => {
      failLocal = fail;
    },
  };
}

describe('readDiagnosisBase', () => {
  let browser: ReturnType<typeof fakeBrowser>;

  beforeEach(() => {
    browser = fakeBrowser();
    vi.stubGlobal('chrome', browser.api);
    forgetDiagnosisBase();
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('reads the settings once for diagnoses that follow each other', async () => {
    browser.local['settings'] = { expectedIssuer: 'https://acme.my.salesforce.com' };
    const first = await readDiagnosisBase();
    const second = await readDiagnosisBase();
    expect(second).toBe(first);
    expect(browser.reads()).toBe(1);
    expect(first.context.expectedIssuer).toBe('https://acme.my.salesforce.com');
  });

  it('reads the settings again once they are forgotten, so a saved change reaches the next diagnosis', async () => {
    browser.local['settings'] = { expectedIssuer: 'https://acme.my.salesforce.com' };
    await readDiagnosisBase();
    browser.local['settings'] = { expectedIssuer: 'https://other.my.salesforce.com' };
    forgetDiagnosisBase();
    const base = await readDiagnosisBase();
    expect(base.settings.values.expectedIssuer).toBe('https://other.my.salesforce.com');
    expect(base.context.expectedIssuer).toBe('https://other.my.salesforce.com');
  });

  it('does not keep a failed read: the next diagnosis tries storage again', async () => {
    browser.failLocal(true);
    await expect(readDiagnosisBase()).rejects.toThrow('storage is gone');
    browser.failLocal(false);
    browser.local['settings'] = { region: 'eu-central-1' };
    await expect(readDiagnosisBase()).resolves.toMatchObject({ context: { region: 'eu-central-1' } });
  });
});

describe('readDiagnosisBase when policy is slow to answer', () => {
  const POLICY_ISSUER = 'https://policy.my.salesforce.com';
  const LOCAL_ISSUER = 'https://local.my.salesforce.com';
  let warn: MockInstance<typeof console.warn>;

  beforeEach(() => {
    vi.useFakeTimers();
    forgetDiagnosisBase();
    warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    warn.mockRestore();
  });

  it('diagnoses with local settings when policy never answers, and says so', async () => {
    const browser = fakeBrowser({ managedCopy: false, managed: () => new Promise<never>(() => undefined) });
    browser.local['settings'] = { expectedIssuer: LOCAL_ISSUER };
    vi.stubGlobal('chrome', browser.api);
    let settled = false;
    const reading = readDiagnosisBase().finally(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(POLICY_WAIT_MS - 1);
    expect(settled, 'still waiting for policy inside the wait').toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const base = await reading;
    expect(base.context.expectedIssuer).toBe(LOCAL_ISSUER);
    expect(base.settings.managed).toEqual([]);
    expect(warn).toHaveBeenCalledOnce();
  });

  it('does not keep the local-only base: the next diagnosis asks for policy again', async () => {
    const browser = fakeBrowser({ managedCopy: false, managed: () => new Promise<never>(() => undefined) });
    vi.stubGlobal('chrome', browser.api);
    const first = readDiagnosisBase();
    await vi.advanceTimersByTimeAsync(POLICY_WAIT_MS);
    await first;
    const second = readDiagnosisBase();
    expect(second).not.toBe(first);
    await vi.advanceTimersByTimeAsync(POLICY_WAIT_MS);
    await second;
    expect(browser.managedReads()).toBe(2);
  });

  it('builds the cache from policy once the late answer arrives', async () => {
    let answer: (policy: unknown) => void = () => undefined;
    const browser = fakeBrowser({
      managedCopy: false,
      managed: () =>
        new Promise((resolve) => {
          answer = resolve;
        }),
    });
    browser.local['settings'] = { expectedIssuer: LOCAL_ISSUER };
    vi.stubGlobal('chrome', browser.api);
    const fallback = readDiagnosisBase();
    await vi.advanceTimersByTimeAsync(POLICY_WAIT_MS);
    expect((await fallback).context.expectedIssuer).toBe(LOCAL_ISSUER);
    answer({ expectedIssuer: POLICY_ISSUER });
    await vi.advanceTimersByTimeAsync(0);
    expect(browser.session['managedCopy']).toEqual({ expectedIssuer: POLICY_ISSUER });
    expect(browser.reads(), 'the answer rebuilt the cache at once').toBe(2);
    // No timer runs from here: a base that still waited for policy would never resolve.
    const refreshed = await readDiagnosisBase();
    expect(refreshed.context.expectedIssuer).toBe(POLICY_ISSUER);
    expect(refreshed.settings.managed).toContain('expectedIssuer');
    expect(await readDiagnosisBase(), 'kept for the next diagnosis').toBe(refreshed);
    expect(browser.reads()).toBe(2);
  });

  it('waits for policy that answers within the wait, without a warning', async () => {
    const browser = fakeBrowser({
      managedCopy: false,
      managed: () =>
        new Promise((resolve) => {
          setTimeout(() => {
            resolve({ expectedIssuer: POLICY_ISSUER });
          }, POLICY_WAIT_MS / 2);
        }),
    });
    browser.local['settings'] = { expectedIssuer: LOCAL_ISSUER };
    vi.stubGlobal('chrome', browser.api);
    const reading = readDiagnosisBase();
    await vi.advanceTimersByTimeAsync(POLICY_WAIT_MS / 2);
    const base = await reading;
    expect(base.context.expectedIssuer).toBe(POLICY_ISSUER);
    expect(await readDiagnosisBase()).toBe(base);
    expect(warn).not.toHaveBeenCalled();
  });
});

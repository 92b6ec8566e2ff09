import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { forgetDiagnosisBase, readDiagnosisBase } from './read-diagnosis-base.ts';

function fakeBrowser() {
  const local: Record<string, unknown> = {};
  const session: Record<string, unknown> = { managedCopy: {} };
  let localReads = 0;
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
      managed: { get: () => Promise.resolve({}) },
    },
  };
  return {
    api,
    local,
    reads: () => localReads,
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

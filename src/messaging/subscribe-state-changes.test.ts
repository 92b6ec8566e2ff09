import { afterEach, describe, expect, it, vi } from 'vitest';
import { subscribeStateChanges } from './subscribe-state-changes.ts';

type Listener = (changes: Record<string, unknown>, areaName: string) => void;

function fakeBrowser() {
  const listeners: Listener[] = [];
  const api = {
    runtime: { id: 'ext' },
    storage: {
      onChanged: {
        addListener: (listener: Listener) => listeners.push(listener),
        removeListener: (listener: Listener) => listeners.splice(listeners.indexOf(listener), 1),
      },
    },
  };
  const emit = (changes: Record<string, unknown>, areaName: string): void => {
    for (const listener of [...listeners]) listener(changes, areaName);
  };
  return { api, emit };
}

describe('subscribeStateChanges', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('tells the page when one captured flow changed under its own key, without the index changing', () => {
    const browser = fakeBrowser();
    vi.stubGlobal('chrome', browser.api);
    const listener = vi.fn();
    subscribeStateChanges(listener);
    browser.emit({ 'capture:flow-4-0-2-1': { newValue: {} } }, 'session');
    browser.emit({ capture: { newValue: { flowIds: [] } } }, 'session');
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it('ignores session keys that are not captured state, such as the stored copy of policy', () => {
    const browser = fakeBrowser();
    vi.stubGlobal('chrome', browser.api);
    const listener = vi.fn();
    const unsubscribe = subscribeStateChanges(listener);
    browser.emit({ managedCopy: { newValue: {} } }, 'session');
    unsubscribe();
    browser.emit({ 'capture:x': { newValue: {} } }, 'session');
    expect(listener).not.toHaveBeenCalled();
  });
});

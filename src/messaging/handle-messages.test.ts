import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Flow } from '../core/flow/flow.ts';
import type { ExtensionIdentity, SenderFacts } from './classify-sender.ts';
import { handleMessages, routeMessage, type ProtocolHandlers } from './handle-messages.ts';
import { MESSAGE_CHANNEL, ProtocolError } from './message-envelope.ts';
import { sendMessage } from './send-message.ts';

const IDENTITY: ExtensionIdentity = {
  extensionId: 'ext',
  extensionOrigin: 'chrome-extension://ext/',
  contentScriptMatches: ['https://*.salesforce.com/*'],
};
const POPUP: SenderFacts = { id: 'ext', url: 'chrome-extension://ext/src/popup/index.html' };
const CONTENT: SenderFacts = { id: 'ext', url: 'https://acme.my.salesforce.com/idp/login', tabId: 3, frameId: 1 };
const FLOW: Flow = { id: 'f1', source: 'capture', startedAt: '2026-03-02T10:00:00.000Z', hops: [], state: 'ended' };

function handlers(overrides: Partial<ProtocolHandlers> = {}): ProtocolHandlers {
  const unexpected = () => {
    throw new Error('not expected in this test');
  };
  return {
    getState: unexpected,
    getFlow: (_sender, flowId) => (flowId === 'f1' ? { flow: FLOW, diagnosis: undefined } : undefined),
    startGuidedDiagnose: () => ({ ok: false, reason: 'no-link' }),
    clearFlows: () => undefined,
    saveSettings: () => {
      throw new ProtocolError('setting-managed', 'region is set by policy');
    },
    rediagnose: unexpected,
    getExportInput: unexpected,
    reportPage: unexpected,
    ...overrides,
  };
}

const envelope = (method: string, ...args: unknown[]) => ({ channel: MESSAGE_CHANNEL, method, args });

describe('routeMessage', () => {
  it('answers a page with the handler result', async () => {
    expect(await routeMessage(envelope('getFlow', 'f1'), POPUP, IDENTITY, handlers())).toEqual({ ok: true, value: { flow: FLOW, diagnosis: undefined } });
  });

  it('ignores messages that are not ours', async () => {
    expect(await routeMessage({ type: 'something-else' }, POPUP, IDENTITY, handlers())).toBeUndefined();
    expect(await routeMessage(envelope('deleteEverything'), POPUP, IDENTITY, handlers())).toBeUndefined();
  });

  it('serialises a handler error with its code', async () => {
    expect(await routeMessage(envelope('saveSettings', {}), POPUP, IDENTITY, handlers())).toEqual({
      ok: false,
      error: { name: 'ProtocolError', message: 'region is set by policy', code: 'setting-managed' },
    });
  });

  it('serialises a plain error without a code', async () => {
    const result = await routeMessage(envelope('getState'), POPUP, IDENTITY, handlers());
    expect(result).toEqual({ ok: false, error: { name: 'Error', message: 'not expected in this test' } });
  });

  it('passes the content script tab and frame to reportPage', async () => {
    const reportPage = vi.fn<ProtocolHandlers['reportPage']>();
    const report = { url: CONTENT.url ?? '', reading: { classification: 'sf-insufficient-privileges' as const, excerpt: 'Insufficient Privileges' } };
    expect(await routeMessage(envelope('reportPage', report), CONTENT, IDENTITY, handlers({ reportPage }))).toEqual({ ok: true, value: undefined });
    expect(reportPage).toHaveBeenCalledWith({ kind: 'content-script', tabId: 3, frameId: 1, url: CONTENT.url }, report);
  });

  it('refuses reportPage from an extension page', async () => {
    const reportPage = vi.fn<ProtocolHandlers['reportPage']>();
    const result = await routeMessage(envelope('reportPage', {}), POPUP, IDENTITY, handlers({ reportPage }));
    expect(result).toMatchObject({ ok: false, error: { code: 'sender-refused' } });
    expect(reportPage).not.toHaveBeenCalled();
  });

  it('refuses every other method from a content script', async () => {
    const clearFlows = vi.fn<ProtocolHandlers['clearFlows']>();
    expect(await routeMessage(envelope('clearFlows'), CONTENT, IDENTITY, handlers({ clearFlows }))).toMatchObject({ ok: false, error: { code: 'sender-refused' } });
    expect(clearFlows).not.toHaveBeenCalled();
  });

  it('refuses a foreign sender', async () => {
    expect(await routeMessage(envelope('clearFlows'), { id: 'other', url: 'chrome-extension://other/x.html' }, IDENTITY, handlers())).toMatchObject({
      ok: false,
      error: { code: 'sender-refused' },
    });
  });
});

describe('sendMessage through handleMessages', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  /** A fake runtime that delivers messages to the router the way the browser does, as JSON. */
  function stubRuntime(routerHandlers: ProtocolHandlers, senderUrl: string): void {
    const listener = handleMessages(routerHandlers);
    const runtime = {
      id: 'ext',
      getURL: (path: string) => `chrome-extension://ext/${path}`,
      getManifest: () => ({ content_scripts: [{ matches: IDENTITY.contentScriptMatches }] }),
      sendMessage: (message: unknown) =>
        new Promise((resolve) => {
          const handled = listener(JSON.parse(JSON.stringify(message)), { id: 'ext', url: senderUrl }, (response) => {
            resolve(response === undefined ? undefined : JSON.parse(JSON.stringify(response)));
          });
          if (!handled) resolve(undefined);
        }),
    };
    vi.stubGlobal('chrome', { runtime });
  }

  it('returns the typed result of the handler', async () => {
    stubRuntime(handlers(), 'chrome-extension://ext/src/popup/index.html');
    await expect(sendMessage('startGuidedDiagnose')).resolves.toEqual({ ok: false, reason: 'no-link' });
    await expect(sendMessage('getFlow', 'f1')).resolves.toEqual({ flow: FLOW });
  });

  it('re-throws a handler error as a ProtocolError with its code', async () => {
    stubRuntime(handlers(), 'chrome-extension://ext/src/popup/index.html');
    await expect(sendMessage('saveSettings', {})).rejects.toMatchObject({ name: 'ProtocolError', code: 'setting-managed', message: 'region is set by policy' });
  });

  it('rejects with sender-refused when a web page sends a page method', async () => {
    stubRuntime(handlers(), 'https://acme.my.salesforce.com/');
    await expect(sendMessage('clearFlows')).rejects.toMatchObject({ code: 'sender-refused' });
  });
});

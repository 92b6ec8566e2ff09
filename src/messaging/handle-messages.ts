import { classifySender, type ExtensionIdentity, type SenderFacts, type SenderKind } from './classify-sender.ts';
import { extensionApi } from './extension-api.ts';
import { isMessageEnvelope, ProtocolError, serializeError, type ProtocolMethod, type ResponseEnvelope } from './message-envelope.ts';
import type { Protocol } from './protocol.ts';

/** Who called, as the router established it; handlers of `reportPage` need the tab and frame. */
export type MessageSender = SenderKind;

/** One handler per protocol method; each gets the verified sender first, then the method's arguments. */
export type ProtocolHandlers = {
  readonly [K in ProtocolMethod]: (sender: MessageSender, ...args: Parameters<Protocol[K]>) => ReturnType<Protocol[K]> | Promise<ReturnType<Protocol[K]>>;
};

/** Only content scripts may report pages, and content scripts may do nothing else. */
const CONTENT_SCRIPT_METHODS: ReadonlySet<ProtocolMethod> = new Set<ProtocolMethod>(['reportPage']);

/**
 * Routes one message: undefined when it is not ours (another listener may answer it), otherwise the
 * handler's result or its error, serialised. Refused senders get a `sender-refused` error.
 */
export async function routeMessage(
  message: unknown,
  sender: SenderFacts,
  identity: ExtensionIdentity,
  handlers: ProtocolHandlers,
): Promise<ResponseEnvelope<unknown> | undefined> {
  if (!isMessageEnvelope(message)) return undefined;
  const from = classifySender(sender, identity);
  if (from === undefined || (from.kind === 'content-script') !== CONTENT_SCRIPT_METHODS.has(message.method)) {
    return { ok: false, error: serializeError(new ProtocolError('sender-refused', `${message.method} is not accepted from this sender.`)) };
  }
  try {
    const handler = handlers[message.method] as (sender: MessageSender, ...args: readonly unknown[]) => unknown; // -- reason: method and args come from one validated envelope
    return { ok: true, value: await handler(from, ...message.args) };
  } catch (error) {
    return { ok: false, error: serializeError(error) };
  }
}

/**
 * The `runtime.onMessage` listener for the background worker. Register it synchronously at top
 * level. It answers through `sendResponse` (returning true keeps the channel open), which both
 * Chrome and Firefox support; messages that are not ours are left to other listeners.
 */
export function handleMessages(handlers: ProtocolHandlers): (message: unknown, sender: chrome.runtime.MessageSender, sendResponse: (response: unknown) => void) => boolean {
  return (message, sender, sendResponse) => {
    if (!isMessageEnvelope(message)) return false;
    const api = extensionApi();
    const identity: ExtensionIdentity = {
      extensionId: api.runtime.id,
      extensionOrigin: api.runtime.getURL(''),
      contentScriptMatches: api.runtime.getManifest().content_scripts?.flatMap((script) => script.matches ?? []) ?? [],
    };
    const facts: SenderFacts = { id: sender.id, url: sender.url, tabId: sender.tab?.id, frameId: sender.frameId };
    void routeMessage(message, facts, identity, handlers).then(sendResponse);
    return true;
  };
}

import { extensionApi } from './extension-api.ts';
import { MESSAGE_CHANNEL, ProtocolError, type MessageEnvelope, type ProtocolMethod, type ResponseEnvelope } from './message-envelope.ts';
import type { Protocol } from './protocol.ts';

/**
 * Calls one method of the background worker's `Protocol`. Argument and result types derive from
 * the protocol declaration. A handler's error is re-thrown here as a `ProtocolError` (with the
 * handler's `code` when it had one, else `handler-failed`); no answer at all (worker missing,
 * sender refused) throws `ProtocolError('no-response')`.
 */
export async function sendMessage<K extends ProtocolMethod>(method: K, ...args: Parameters<Protocol[K]>): Promise<ReturnType<Protocol[K]>> {
  const envelope: MessageEnvelope<K> = { channel: MESSAGE_CHANNEL, method, args };
  const response = (await extensionApi().runtime.sendMessage(envelope)) as unknown;
  if (!isResponseEnvelope(response)) throw new ProtocolError('no-response', `The background worker gave no answer to ${method}.`);
  if (!response.ok) throw new ProtocolError(response.error.code ?? 'handler-failed', response.error.message);
  // Values cross the boundary as JSON: the router only ever answers with the handler's own result.
  return response.value as ReturnType<Protocol[K]>; // -- reason: the router types `value` from the same Protocol[K]
}

function isResponseEnvelope(value: unknown): value is ResponseEnvelope<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const ok = (value as { ok?: unknown }).ok;
  if (ok === true) return true;
  const error = (value as { error?: unknown }).error;
  return ok === false && typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string';
}

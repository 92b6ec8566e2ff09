import type { Protocol } from './protocol.ts';

/** Marks our messages so the router ignores anything else sent over `runtime.onMessage`. */
export const MESSAGE_CHANNEL = 'sso-doctor/v1';

export type ProtocolMethod = keyof Protocol;

/** A request as it crosses `runtime.sendMessage` (JSON-serialisable). */
export interface MessageEnvelope<K extends ProtocolMethod = ProtocolMethod> {
  readonly channel: typeof MESSAGE_CHANNEL;
  readonly method: K;
  readonly args: Parameters<Protocol[K]>;
}

/** An error thrown by a handler, flattened so it survives structured cloning / JSON. */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  /** A stable code when the handler threw a `ProtocolError`. */
  readonly code?: string;
}

export type ResponseEnvelope<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: SerializedError };

const METHODS: Readonly<Record<ProtocolMethod, true>> = {
  getState: true,
  getFlow: true,
  startGuidedDiagnose: true,
  clearFlows: true,
  saveSettings: true,
  rediagnose: true,
  getExportInput: true,
  reportPage: true,
};

export function isProtocolMethod(value: unknown): value is ProtocolMethod {
  return typeof value === 'string' && Object.hasOwn(METHODS, value);
}

/** Checks the envelope's shape only; each handler validates its own arguments. */
export function isMessageEnvelope(value: unknown): value is MessageEnvelope {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { channel?: unknown; method?: unknown; args?: unknown };
  return candidate.channel === MESSAGE_CHANNEL && isProtocolMethod(candidate.method) && Array.isArray(candidate.args);
}

/** An error with a stable code, re-created on the caller's side by `sendMessage`. */
export class ProtocolError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'ProtocolError';
    this.code = code;
  }
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof ProtocolError) return { name: error.name, message: error.message, code: error.code };
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

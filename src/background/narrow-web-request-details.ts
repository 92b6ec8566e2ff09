import type {
  BeforeRedirectEvent,
  BeforeRequestEvent,
  CapturedRequestBody,
  CompletedEvent,
  ErrorOccurredEvent,
} from '../core/flow/apply-capture-event.ts';

/**
 * The webRequest detail fields we read, typed as loosely as the two browsers send them. Firefox and
 * Chrome both give `formData` values as arrays (not strings, whatever some typings say), and
 * Chrome ≥ 116 may put an ArrayBuffer in a form field; those entries are dropped here.
 */
interface RequestDetails {
  readonly requestId: string;
  readonly url: string;
  readonly method: string;
  readonly tabId: number;
  readonly frameId: number;
  readonly parentFrameId: number;
  readonly type: string;
  readonly timeStamp: number;
}

export interface BeforeRequestDetails extends RequestDetails {
  readonly requestBody?: {
    readonly error?: string;
    readonly formData?: Readonly<Record<string, unknown>>;
    readonly raw?: readonly { readonly bytes?: ArrayBuffer; readonly file?: string }[];
  } | null;
}

interface ResponseDetails extends RequestDetails {
  readonly statusCode: number;
  readonly statusLine?: string | undefined;
  readonly responseHeaders?: readonly { readonly name: string; readonly value?: string | undefined }[] | undefined;
}

export interface BeforeRedirectDetails extends ResponseDetails {
  readonly redirectUrl: string;
}

export type CompletedDetails = ResponseDetails;

export interface ErrorOccurredDetails extends RequestDetails {
  readonly error: string;
}

export function narrowBeforeRequest(details: BeforeRequestDetails): BeforeRequestEvent {
  const event = { kind: 'before-request' as const, ...requestFields(details), method: details.method, parentFrameId: details.parentFrameId, type: details.type };
  const body = narrowRequestBody(details.requestBody);
  return body === undefined ? event : { ...event, body };
}

export function narrowBeforeRedirect(details: BeforeRedirectDetails): BeforeRedirectEvent {
  return { kind: 'before-redirect', ...requestFields(details), ...responseFields(details), redirectUrl: details.redirectUrl };
}

export function narrowCompleted(details: CompletedDetails): CompletedEvent {
  return { kind: 'completed', ...requestFields(details), ...responseFields(details) };
}

export function narrowErrorOccurred(details: ErrorOccurredDetails): ErrorOccurredEvent {
  return { kind: 'error-occurred', ...requestFields(details), error: details.error };
}

function requestFields(details: RequestDetails) {
  return { requestId: details.requestId, url: details.url, tabId: details.tabId, frameId: details.frameId, timeStamp: details.timeStamp };
}

function responseFields(details: ResponseDetails): { statusCode: number; statusLine?: string; dateHeader?: string } {
  const fields: { statusCode: number; statusLine?: string; dateHeader?: string } = { statusCode: details.statusCode };
  if (details.statusLine !== undefined && details.statusLine !== '') fields.statusLine = details.statusLine;
  const date = details.responseHeaders?.find((header) => header.name.toLowerCase() === 'date')?.value;
  if (date !== undefined) fields.dateHeader = date;
  return fields;
}

function narrowRequestBody(body: BeforeRequestDetails['requestBody']): CapturedRequestBody | undefined {
  if (body === undefined || body === null) return undefined;
  if (body.formData !== undefined) {
    const formData: Record<string, string[]> = {};
    for (const [name, values] of Object.entries(body.formData)) {
      const list = Array.isArray(values) ? (values as readonly unknown[]) : [values]; // -- reason: Array.isArray narrows to any[]
      formData[name] = list.filter((value): value is string => typeof value === 'string');
    }
    return { formData };
  }
  if (body.raw !== undefined) {
    const raw = body.raw.flatMap((part) => (part.bytes instanceof ArrayBuffer ? [new Uint8Array(part.bytes)] : []));
    return raw.length > 0 ? { raw } : undefined;
  }
  return undefined;
}

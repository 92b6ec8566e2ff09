import { findSamlParameters, type SamlParameters } from '../binding/find-saml-parameters.ts';
import type { Diagnosis } from '../diagnosis/diagnosis.ts';
import { classifyHopUrl } from './classify-hop-url.ts';
import type { Flow, FlowCloseReason, Hop, HopKind, PageReading } from './flow.ts';
import { isSoftNetworkError } from './is-soft-network-error.ts';

/**
 * The browser's webRequest events and our content script's reports, narrowed at the edge to plain
 * data. Times are epoch milliseconds as the browser reports them (`details.timeStamp`).
 */
export type CaptureEvent =
  | BeforeRequestEvent
  | BeforeRedirectEvent
  | CompletedEvent
  | ErrorOccurredEvent
  | PageReadingEvent
  | TickEvent
  | DiagnosedEvent;

interface RequestEventBase {
  /** Stable across the redirects of one navigation. */
  readonly requestId: string;
  readonly url: string;
  readonly tabId: number;
  /** The frame being navigated (0 = the tab's top frame). */
  readonly frameId: number;
  readonly timeStamp: number;
}

export interface BeforeRequestEvent extends RequestEventBase {
  readonly kind: 'before-request';
  readonly method: string;
  readonly parentFrameId: number;
  /** webRequest ResourceType: `main_frame`, `sub_frame`, `xmlhttprequest`, ... */
  readonly type: string;
  readonly body?: CapturedRequestBody;
}

/** A request body as webRequest hands it over: parsed form fields, or raw byte chunks. */
export interface CapturedRequestBody {
  /** Chrome and Firefox both give arrays of values per field name. */
  readonly formData?: Readonly<Record<string, readonly string[]>>;
  /** Bodies the browser did not parse as a form (e.g. another content type). */
  readonly raw?: readonly Uint8Array[];
}

export interface BeforeRedirectEvent extends RequestEventBase {
  readonly kind: 'before-redirect';
  readonly statusCode: number;
  readonly statusLine?: string;
  readonly redirectUrl: string;
  /** The raw `Date` response header. */
  readonly dateHeader?: string;
}

export interface CompletedEvent extends RequestEventBase {
  readonly kind: 'completed';
  readonly statusCode: number;
  readonly statusLine?: string;
  readonly dateHeader?: string;
}

export interface ErrorOccurredEvent extends RequestEventBase {
  readonly kind: 'error-occurred';
  /** e.g. `net::ERR_NAME_NOT_RESOLVED` (Chrome) or `NS_ERROR_UNKNOWN_HOST` (Firefox). */
  readonly error: string;
}

/** A content script read a recognised (error) page in this tab and frame. */
export interface PageReadingEvent {
  readonly kind: 'page-reading';
  readonly tabId: number;
  readonly frameId: number;
  readonly url: string;
  readonly reading: PageReading;
}

/** Nothing happened; only the clock moved (used to close stalled flows). */
export interface TickEvent {
  readonly kind: 'tick';
}

/**
 * A diagnosis is ready (computed by the shell, stored here under the caps). `closedAt` says which
 * closing it was computed for (a stale result, the flow re-closed since, is dropped); `preliminary`
 * marks the early verdict computed from the assertion alone while the flow still runs.
 */
export type DiagnosedEvent =
  | { readonly kind: 'diagnosed'; readonly flowId: string; readonly closedAt: number; readonly diagnosis: Diagnosis; readonly preliminary?: false }
  | { readonly kind: 'diagnosed'; readonly flowId: string; readonly preliminary: true; readonly diagnosis: Diagnosis };

/** Everything captured, JSON-serialisable: what `storage.session` keeps. */
export interface CaptureState {
  /** Oldest first. */
  readonly flows: readonly CapturedFlow[];
}

export interface CapturedFlow {
  readonly flow: Flow;
  readonly frameId: number;
  /** The browser request ids whose hops belong to this flow. */
  readonly requestIds: readonly string[];
  /** Epoch ms of the last event that touched the flow (for the timeout). */
  readonly lastActivityAt: number;
  /** Epoch ms when the flow was closed. */
  readonly closedAt?: number;
  readonly diagnosis?: Diagnosis;
  /**
   * The verdict from the assertion alone, computed as soon as the SAML POST is seen, before AWS
   * answers: ready while the AWS page still loads. Dropped when the final `diagnosis` is stored.
   */
  readonly preliminaryDiagnosis?: Diagnosis;
  /**
   * The length of this entry's JSON, set whenever the entry changes, so that the byte cap is
   * checked without serialising every stored flow on every event. Absent in entries stored by
   * older versions (computed on their next change).
   */
  readonly storedBytes?: number;
}

export interface CaptureLimits {
  readonly maxFlows: number;
  /** Budget for the JSON of all stored flows (with their diagnoses); the newest flow is always kept. */
  readonly maxBytes: number;
  /** A running flow with no event for this long is closed as `timed-out`. */
  readonly timeoutMs: number;
  /**
   * A page reading arriving this long after a flow closed as `reached-connect` or `timed-out`
   * still belongs to it: Connect renders "Session expired" and similar on a page that loaded fine.
   */
  readonly lateReadingMs: number;
  /** Raw request bodies are decoded up to this many bytes. */
  readonly maxRawBodyBytes: number;
  /** A SAML value longer than this is not stored (10× what STS accepts: 100,000 characters). */
  readonly maxSamlValueChars: number;
}

export const DEFAULT_CAPTURE_LIMITS: CaptureLimits = {
  maxFlows: 20,
  maxBytes: 2 * 1024 * 1024,
  timeoutMs: 60_000,
  lateReadingMs: 30_000,
  maxRawBodyBytes: 4 * 1024 * 1024,
  maxSamlValueChars: 1_000_000,
};

export const EMPTY_CAPTURE_STATE: CaptureState = { flows: [] };

export type CaptureEffect =
  /** A flow closed (or re-closed with new evidence): diagnose it and send back a `diagnosed` event. */
  | { readonly kind: 'diagnose'; readonly flowId: string; readonly closedAt: number }
  /** A running flow just carried a SAML value: diagnose it early and send back a preliminary `diagnosed`. */
  | { readonly kind: 'diagnose-preliminary'; readonly flowId: string }
  /** The earliest moment a running flow can time out: send a `tick` then. */
  | { readonly kind: 'check-timeouts-at'; readonly at: number };

export interface CaptureResult {
  /** The same object as the input when nothing changed (the shell then skips the write). */
  readonly state: CaptureState;
  readonly effects: readonly CaptureEffect[];
}

const DOCUMENT_TYPES = new Set(['main_frame', 'sub_frame']);
const FLOW_START_KINDS = new Set<HopKind>(['salesforce-idp', 'salesforce-login']);
/** Readings that are not failures: AWS asks the user to pick a role. */
const NON_ERROR_READINGS = new Set<PageReading['classification']>(['aws-role-selection']);

/**
 * The pure "decide" half of capture: folds one event into the stored state and says what the shell
 * must do next. Which requests belong to the SSO chain: navigations (main_frame / sub_frame) whose
 * URL `classifyHopUrl` places in the chain, plus a POST to AWS sign-in's SAML endpoint of any
 * resource type. Hops group into flows per tab and frame, and per redirect chain (the browser keeps
 * `requestId` across redirects). A flow starts at Salesforce `idp/login` (or its login page), or at
 * a SAML POST to AWS when the IdP was not seen; it closes on a completed Connect page, on an error
 * page reading, on a network error, when a new idp/login supersedes it in the same frame after it
 * left Salesforce, or after `timeoutMs` without an event. Caps: at most `maxFlows`, at most
 * `maxBytes` of JSON; the oldest go first. Never throws on odd input; unknown requests are ignored.
 */
export function applyCaptureEvent(state: CaptureState, event: CaptureEvent, now: number, limits: CaptureLimits = DEFAULT_CAPTURE_LIMITS): CaptureResult {
  const effects: CaptureEffect[] = [];
  let flows = closeTimedOutFlows(state.flows, now, limits, effects);
  switch (event.kind) {
    case 'before-request':
      flows = applyBeforeRequest(flows, event, effects, limits);
      break;
    case 'before-redirect':
    case 'completed':
      flows = applyResponse(flows, event, effects);
      break;
    case 'error-occurred':
      flows = applyError(flows, event, effects);
      break;
    case 'page-reading':
      flows = applyPageReading(flows, event, now, limits, effects);
      break;
    case 'diagnosed':
      flows = applyDiagnosis(flows, event);
      break;
    case 'tick':
      break;
  }
  if (flows !== state.flows) flows = enforceCaps(measureChangedFlows(flows, state.flows), limits);
  const nextTimeout = earliestTimeout(flows, limits);
  if (nextTimeout !== undefined) effects.push({ kind: 'check-timeouts-at', at: nextTimeout });
  return { state: flows === state.flows ? state : { flows }, effects };
}

function applyBeforeRequest(flows: readonly CapturedFlow[], event: BeforeRequestEvent, effects: CaptureEffect[], limits: CaptureLimits): readonly CapturedFlow[] {
  const next = placeRequest(flows, event, effects, limits);
  if (next !== flows && classifyHopUrl(event.url) === 'aws-saml' && event.method.toUpperCase() === 'POST') {
    const carrier = next.find((f) => f.flow.state === 'running' && f.requestIds.includes(event.requestId) && f.flow.hops.at(-1)?.saml !== undefined);
    if (carrier !== undefined) effects.push({ kind: 'diagnose-preliminary', flowId: carrier.flow.id });
  }
  return next;
}

function placeRequest(flows: readonly CapturedFlow[], event: BeforeRequestEvent, effects: CaptureEffect[], limits: CaptureLimits): readonly CapturedFlow[] {
  const kind = classifyHopUrl(event.url);
  const tracked = findRunningIndex(flows, (f) => f.requestIds.includes(event.requestId));
  if (tracked >= 0) return replaceAt(flows, tracked, (f) => addHop(f, event, kind, limits));

  const isDocument = DOCUMENT_TYPES.has(event.type);
  const isSamlPost = kind === 'aws-saml' && event.method.toUpperCase() === 'POST';
  if (kind === 'other' || (!isDocument && !isSamlPost)) return flows;

  const inFrame = findRunningIndex(flows, (f) => f.flow.tabId === event.tabId && f.frameId === event.frameId);
  const running = flows[inFrame];
  if (FLOW_START_KINDS.has(kind)) {
    if (running !== undefined && !hasLeftSalesforce(running.flow)) return replaceAt(flows, inFrame, (f) => addHop(f, event, kind, limits));
    const closed = running === undefined ? flows : replaceAt(flows, inFrame, (f) => closeFlow(f, 'superseded', event.timeStamp, effects));
    return [...closed, startFlow(event, kind, limits)];
  }
  if (running !== undefined) return replaceAt(flows, inFrame, (f) => addHop(f, event, kind, limits));
  // The IdP was not observed (a third-party IdP, or its page came from a host we do not watch).
  if (isSamlPost) return [...flows, startFlow(event, kind, limits)];
  return flows;
}

function applyResponse(flows: readonly CapturedFlow[], event: BeforeRedirectEvent | CompletedEvent, effects: CaptureEffect[]): readonly CapturedFlow[] {
  const index = findRunningIndex(flows, (f) => f.requestIds.includes(event.requestId));
  if (index < 0) return flows;
  return replaceAt(flows, index, (f) => {
    const updated = updateLastHopOf(f, event.requestId, event.timeStamp, (hop) => {
      const next: Mutable<Hop> = { ...hop, status: event.statusCode, durationMs: durationSince(hop.startedAt, event.timeStamp) };
      const statusText = statusTextOf(event.statusLine);
      if (statusText !== undefined) next.statusText = statusText;
      const serverDate = isoFromHttpDate(event.dateHeader);
      if (serverDate !== undefined) next.serverDate = serverDate;
      if (event.kind === 'before-redirect') next.redirectTo = event.redirectUrl;
      return next;
    });
    const hop = lastHopOf(updated.flow, event.requestId);
    const reachedConnect = event.kind === 'completed' && hop?.kind === 'connect-app' && event.statusCode < 400;
    return reachedConnect ? closeFlow(updated, 'reached-connect', event.timeStamp, effects) : updated;
  });
}

function applyError(flows: readonly CapturedFlow[], event: ErrorOccurredEvent, effects: CaptureEffect[]): readonly CapturedFlow[] {
  const index = findRunningIndex(flows, (f) => f.requestIds.includes(event.requestId));
  if (index < 0) return flows;
  return replaceAt(flows, index, (f) => {
    const updated = updateLastHopOf(f, event.requestId, event.timeStamp, (hop) => ({
      ...hop,
      networkError: event.error,
      durationMs: durationSince(hop.startedAt, event.timeStamp),
    }));
    // An aborted navigation was replaced by another one; the flow may go on in the same frame.
    return isSoftNetworkError(event.error) ? updated : closeFlow(updated, 'network-error', event.timeStamp, effects);
  });
}

function applyPageReading(
  flows: readonly CapturedFlow[],
  event: PageReadingEvent,
  now: number,
  limits: CaptureLimits,
  effects: CaptureEffect[],
): readonly CapturedFlow[] {
  const inFrame = (f: CapturedFlow): boolean => f.flow.tabId === event.tabId && f.frameId === event.frameId;
  const isError = !NON_ERROR_READINGS.has(event.reading.classification);
  const running = findRunningIndex(flows, inFrame);
  if (running >= 0) {
    return replaceAt(flows, running, (f) => {
      const read = attachReading(f, event, now);
      return isError ? closeFlow(read, 'error-page', now, effects) : read;
    });
  }
  if (!isError) return flows;
  const late = findLastIndex(
    flows,
    (f) =>
      inFrame(f) &&
      f.closedAt !== undefined &&
      now - f.closedAt <= limits.lateReadingMs &&
      (f.flow.closeReason === 'reached-connect' || f.flow.closeReason === 'timed-out'),
  );
  if (late < 0) return flows;
  return replaceAt(flows, late, (f) => closeFlow(reopen(attachReading(f, event, now)), 'error-page', now, effects));
}

function applyDiagnosis(flows: readonly CapturedFlow[], event: DiagnosedEvent): readonly CapturedFlow[] {
  if (event.preliminary === true) {
    // Only while the flow still runs: once it closed, the final diagnosis is the one that counts.
    const running = flows.findIndex((f) => f.flow.id === event.flowId && f.flow.state === 'running');
    return running < 0 ? flows : replaceAt(flows, running, (f) => ({ ...f, preliminaryDiagnosis: event.diagnosis }));
  }
  const index = flows.findIndex((f) => f.flow.id === event.flowId && f.closedAt === event.closedAt);
  if (index < 0) return flows;
  return replaceAt(flows, index, (f) => {
    const diagnosed: Mutable<CapturedFlow> = { ...f, diagnosis: event.diagnosis };
    // Never shown once the final verdict is there, and about a third of a stored flow.
    delete diagnosed.preliminaryDiagnosis;
    return diagnosed;
  });
}

function closeTimedOutFlows(flows: readonly CapturedFlow[], now: number, limits: CaptureLimits, effects: CaptureEffect[]): readonly CapturedFlow[] {
  let result = flows;
  flows.forEach((f, index) => {
    if (f.flow.state === 'running' && now - f.lastActivityAt >= limits.timeoutMs) {
      result = replaceAt(result, index, (g) => closeFlow(g, 'timed-out', now, effects));
    }
  });
  return result;
}

function startFlow(event: BeforeRequestEvent, kind: HopKind, limits: CaptureLimits): CapturedFlow {
  const flow: Mutable<Flow> = {
    id: `flow-${event.tabId}-${event.frameId}-${event.requestId}-${Math.round(event.timeStamp)}`,
    source: 'capture',
    startedAt: isoFromEpoch(event.timeStamp),
    hops: [],
    state: 'running',
    tabId: event.tabId,
  };
  if (event.type === 'sub_frame') flow.background = true;
  return addHop({ flow, frameId: event.frameId, requestIds: [], lastActivityAt: event.timeStamp }, event, kind, limits);
}

function addHop(captured: CapturedFlow, event: BeforeRequestEvent, kind: HopKind, limits: CaptureLimits): CapturedFlow {
  const index = captured.flow.hops.filter((h) => isHopOfRequest(h, event.requestId)).length;
  const hop: Mutable<Hop> = {
    id: `${event.requestId}:${index}`,
    kind,
    url: event.url,
    method: event.method.toUpperCase(),
    startedAt: isoFromEpoch(event.timeStamp),
    resourceType: event.type,
  };
  const saml = readSamlParameters(event, limits);
  if (saml !== undefined) hop.saml = capSamlValues(saml, limits.maxSamlValueChars);
  const requestIds = captured.requestIds.includes(event.requestId) ? captured.requestIds : [...captured.requestIds, event.requestId];
  return {
    ...captured,
    requestIds,
    lastActivityAt: Math.max(captured.lastActivityAt, event.timeStamp),
    flow: { ...captured.flow, hops: [...captured.flow.hops, hop] },
  };
}

/** Body parameters win over query parameters; a hop carries `saml` only when a SAML field is present. */
function readSamlParameters(event: BeforeRequestEvent, limits: CaptureLimits): SamlParameters | undefined {
  const fromBody = readBodyParameters(event.body, limits);
  if (fromBody !== undefined && hasSamlField(fromBody)) return fromBody;
  const query = event.url.includes('?') ? findSamlParameters(event.url) : undefined;
  return query !== undefined && hasSamlField(query) ? query : undefined;
}

function readBodyParameters(body: CapturedRequestBody | undefined, limits: CaptureLimits): SamlParameters | undefined {
  if (body?.formData !== undefined) return findSamlParameters(body.formData);
  if (body?.raw === undefined || body.raw.length === 0) return undefined;
  const text = decodeRawBody(body.raw, limits.maxRawBodyBytes);
  // Only application/x-www-form-urlencoded text carries the POST binding's fields (SAML bindings §3.5.4).
  if (!/(?:^|&)(?:SAMLResponse|SAMLRequest)=/.test(text)) return undefined;
  // `rawQuery` only matters for redirect-binding signatures; a POST body has none.
  const fields: Mutable<SamlParameters> = { ...findSamlParameters(text) };
  delete fields.rawQuery;
  return fields;
}

function decodeRawBody(chunks: readonly Uint8Array[], maxBytes: number): string {
  const total = Math.min(
    maxBytes,
    chunks.reduce((sum, c) => sum + c.byteLength, 0),
  );
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    if (offset >= total) break;
    const part = chunk.subarray(0, total - offset);
    joined.set(part, offset);
    offset += part.byteLength;
  }
  return new TextDecoder('utf-8').decode(joined).trim();
}

/**
 * A value over the cap is dropped and only its size kept: one hostile page POSTing megabytes
 * must not push the store past storage.session's quota (the diagnosis reports the size instead).
 */
export function capSamlValues(parameters: SamlParameters, maxChars: number): SamlParameters {
  for (const parameter of ['SAMLResponse', 'SAMLRequest'] as const) {
    const value = parameters[parameter];
    if (value !== undefined && value.length > maxChars) {
      const kept: Mutable<SamlParameters> = { ...parameters, [parameter]: '' };
      delete kept.rawQuery;
      kept.oversized = { parameter, length: value.length };
      return kept;
    }
  }
  return parameters;
}

function hasSamlField(parameters: SamlParameters): boolean {
  return parameters.SAMLResponse !== undefined || parameters.SAMLRequest !== undefined;
}

function attachReading(captured: CapturedFlow, event: PageReadingEvent, now: number): CapturedFlow {
  const hops = captured.flow.hops;
  const target = findLastIndex(hops, (h) => withoutHash(h.url) === withoutHash(event.url));
  const index = target >= 0 ? target : hops.length - 1;
  if (index < 0) return captured;
  const updatedHops = hops.map((hop, i) => (i === index ? { ...hop, page: event.reading } : hop));
  return { ...captured, lastActivityAt: Math.max(captured.lastActivityAt, now), flow: { ...captured.flow, hops: updatedHops } };
}

function closeFlow(captured: CapturedFlow, reason: FlowCloseReason, at: number, effects: CaptureEffect[]): CapturedFlow {
  const closedAt = Math.max(at, captured.closedAt ?? Number.NEGATIVE_INFINITY);
  effects.push({ kind: 'diagnose', flowId: captured.flow.id, closedAt });
  const closed: Mutable<CapturedFlow> = { ...captured, closedAt, flow: { ...captured.flow, state: 'ended', closeReason: reason } };
  // A diagnosis made before this closing is stale.
  delete closed.diagnosis;
  return closed;
}

/** Back to running so that `closeFlow` can record the new reason (and a new diagnosis is made). */
function reopen(captured: CapturedFlow): CapturedFlow {
  const flow: Mutable<Flow> = { ...captured.flow, state: 'running' };
  delete flow.closeReason;
  return { ...captured, flow };
}

function updateLastHopOf(captured: CapturedFlow, requestId: string, timeStamp: number, update: (hop: Hop) => Hop): CapturedFlow {
  const hops = captured.flow.hops;
  const index = findLastIndex(hops, (h) => isHopOfRequest(h, requestId));
  if (index < 0) return captured;
  return {
    ...captured,
    lastActivityAt: Math.max(captured.lastActivityAt, timeStamp),
    flow: { ...captured.flow, hops: hops.map((hop, i) => (i === index ? update(hop) : hop)) },
  };
}

function lastHopOf(flow: Flow, requestId: string): Hop | undefined {
  return flow.hops[findLastIndex(flow.hops, (h) => isHopOfRequest(h, requestId))];
}

function isHopOfRequest(hop: Hop, requestId: string): boolean {
  return hop.id.startsWith(`${requestId}:`);
}

function hasLeftSalesforce(flow: Flow): boolean {
  return flow.hops.some((h) => !h.kind.startsWith('salesforce-'));
}

/**
 * Sets `storedBytes` on the entries this event created or changed (and on entries stored without
 * it); the entries it left alone are the same objects as before and keep theirs.
 */
function measureChangedFlows(flows: readonly CapturedFlow[], before: readonly CapturedFlow[]): readonly CapturedFlow[] {
  const untouched = new Set(before);
  return flows.map((f) => (untouched.has(f) && f.storedBytes !== undefined ? f : measureFlow(f)));
}

/** The entry with `storedBytes` = the length of its JSON, that field included. */
function measureFlow(captured: CapturedFlow): CapturedFlow {
  const entry: Mutable<CapturedFlow> = { ...captured };
  delete entry.storedBytes;
  const bare = JSON.stringify(entry).length + ',"storedBytes":'.length;
  // The digits count themselves: at most one carry (999 + 3 digits → 1002, 4 digits).
  let bytes = bare + String(bare).length;
  if (bare + String(bytes).length !== bytes) bytes = bare + String(bytes).length;
  entry.storedBytes = bytes;
  return entry;
}

function enforceCaps(flows: readonly CapturedFlow[], limits: CaptureLimits): readonly CapturedFlow[] {
  let kept = flows.length > limits.maxFlows ? flows.slice(flows.length - Math.max(1, limits.maxFlows)) : flows;
  const sizes = kept.map((f) => f.storedBytes ?? JSON.stringify(f).length);
  let total = sizes.reduce((sum, size) => sum + size, 0);
  let drop = 0;
  while (total > limits.maxBytes && drop < kept.length - 1) {
    total -= sizes[drop] ?? 0;
    drop += 1;
  }
  if (drop > 0) kept = kept.slice(drop);
  return kept;
}

function earliestTimeout(flows: readonly CapturedFlow[], limits: CaptureLimits): number | undefined {
  let earliest: number | undefined;
  for (const f of flows) {
    if (f.flow.state !== 'running') continue;
    const at = f.lastActivityAt + limits.timeoutMs;
    if (earliest === undefined || at < earliest) earliest = at;
  }
  return earliest;
}

function findRunningIndex(flows: readonly CapturedFlow[], predicate: (f: CapturedFlow) => boolean): number {
  return findLastIndex(flows, (f) => f.flow.state === 'running' && predicate(f));
}

function findLastIndex<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (item !== undefined && predicate(item)) return i;
  }
  return -1;
}

function replaceAt(flows: readonly CapturedFlow[], index: number, update: (f: CapturedFlow) => CapturedFlow): readonly CapturedFlow[] {
  return flows.map((f, i) => (i === index ? update(f) : f));
}

function statusTextOf(statusLine: string | undefined): string | undefined {
  // "HTTP/1.1 302 Found" → "Found"; HTTP/2 status lines carry no reason phrase.
  const match = statusLine === undefined ? null : /^\S+\s+\d{3}\s+(.+)$/.exec(statusLine.trim());
  return match?.[1];
}

function isoFromHttpDate(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const time = Date.parse(header);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

function isoFromEpoch(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

function durationSince(startedAt: string, timeStamp: number): number {
  const start = Date.parse(startedAt);
  return Number.isNaN(start) ? 0 : Math.max(0, Math.round(timeStamp - start));
}

function withoutHash(url: string): string {
  const hash = url.indexOf('#');
  return hash < 0 ? url : url.slice(0, hash);
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

import { readRedactionAttestation, REDACTION_ATTESTATION_FIELD } from '../redaction/redaction-attestation.ts';
import type { Content, Entry, Har, Header, Log, Param, PostDataParams, PostDataText, Request, Response } from 'har-format';
import { findSamlParameters, type SamlParameters } from '../binding/find-saml-parameters.ts';
import { problem, type Problem } from '../problem.ts';
import { classifyHopUrl } from './classify-hop-url.ts';
import { classifyPageText } from './classify-page-text.ts';
import type { Flow, FlowCloseReason, Hop, HopKind, PageReading } from './flow.ts';
import { htmlToText } from './html-to-text.ts';
import { isSoftNetworkError, NO_RESPONSE_ERROR } from './is-soft-network-error.ts';

export interface HarImport {
  readonly flows: Flow[];
  readonly problems: Problem[];
}

/** Gap allowed between two hops of one flow: the chain is a burst of redirects and form posts. */
export const FLOW_HOP_GAP_MS = 2 * 60_000;
/** Gap allowed while the user is on the Salesforce login page (password, MFA) before /idp/login resumes. */
export const FLOW_LOGIN_GAP_MS = 15 * 60_000;

const MAX_ENTRIES = 500_000;
/** A SAMLAssertion is at most 100,000 base64 characters (STS API); a body far beyond that is not a SAML POST. */
const MAX_POST_TEXT_CHARS = 4 * 1024 * 1024;
const MAX_PARAMS = 1_000;
const MAX_HEADERS = 300;
/** Error pages are small; only the start of an HTML body is read. */
const MAX_CONTENT_CHARS = 1024 * 1024;
const MAX_ENTRY_PROBLEMS = 20;


/**
 * Reads the SSO flows out of a HAR 1.2 document (Chrome, Edge or Firefox export). The input is
 * untrusted JSON: every field is checked before use, nothing throws, and a bad shape comes back as
 * a `har-invalid` problem. Only document requests of the SSO chain and SAML POSTs are kept;
 * static assets, XHR and analytics are skipped without reading their bodies. One pass over the
 * entries, then a sort of the few kept ones.
 */
export function flowsFromHar(har: unknown): HarImport {
  const problems: Problem[] = [];
  const invalid = (message: string): HarImport => ({ flows: [], problems: [problem('har-invalid', 'error', message)] });
  if (!isObject(har)) return invalid(`The HAR is not a JSON object (got ${describe(har)}).`);
  const log = field<Har>(har, 'log');
  if (!isObject(log)) return invalid(`The HAR has no "log" object (got ${describe(log)}).`);
  const entries = field<Log>(log, 'entries');
  if (!Array.isArray(entries)) return invalid(`The HAR's "log.entries" is not an array (got ${describe(entries)}).`);

  const reporter = entryReporter(problems);
  const candidates: Candidate[] = [];
  const count = Math.min(entries.length, MAX_ENTRIES);
  if (entries.length > MAX_ENTRIES) {
    problems.push(problem('har-too-many-entries', 'warning', `The HAR has ${entries.length} entries; only the first ${MAX_ENTRIES} were read.`));
  }
  for (let index = 0; index < count; index += 1) {
    const candidate = readEntry(entries[index], index, reporter);
    if (candidate !== undefined) candidates.push(candidate);
  }

  candidates.sort((a, b) => a.time - b.time || a.index - b.index);
  const flows = groupIntoFlows(candidates, reporter);
  reporter.finish();
  if (flows.length === 0) {
    problems.push(
      problem('har-no-sso-flow', 'warning', `None of the HAR's ${entries.length} entries is a Salesforce /idp/login request or a SAML POST to AWS sign-in, so it holds no SSO flow.`),
    );
  }
  return { flows, problems };
}

/**
 * A flow for a bare SAML value (base64 SAMLResponse, its XML, or a pasted
 * `SAMLResponse=...&RelayState=...` form body): one synthetic POST to the AWS sign-in endpoint.
 */
export function flowFromSamlValue(value: string, now: string): Flow {
  const trimmed = value.trim();
  let saml: SamlParameters = { SAMLResponse: value };
  if (/^(?:SAMLResponse|RelayState)=/.test(trimmed) && trimmed.includes('SAMLResponse=')) {
    saml = withoutRawQuery(findSamlParameters(trimmed));
  }
  const hop: Hop = { id: 'message-hop-0', kind: 'aws-saml', url: 'https://signin.aws.amazon.com/saml', method: 'POST', startedAt: now, saml };
  return { id: 'message-flow-1', source: 'message', startedAt: now, hops: [hop], state: 'ended', closeReason: 'input-ended' };
}

// ---------------------------------------------------------------------------------------------
// Entries → candidate hops

type Json = Readonly<Record<string, unknown>>;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface Candidate {
  readonly index: number;
  readonly time: number;
  /** End of the request (start + duration), from which the next hop's gap is measured. */
  readonly end: number;
  readonly href: string;
  readonly hop: Mutable<Hop>;
  /** A SAMLResponse POSTed to AWS sign-in or to an unknown ACS (not to Salesforce). */
  readonly samlPost: boolean;
  /** The response body, read into `hop.page` only when the hop may join a flow (most documents never do). */
  readonly content: unknown;
  pageRead: boolean;
}

interface EntryReporter {
  report(index: number, code: string, message: string): void;
  finish(): void;
}

function readEntry(entry: unknown, index: number, reporter: EntryReporter): Candidate | undefined {
  if (!isObject(entry)) {
    reporter.report(index, 'har-entry-invalid', `is ${describe(entry)}, not an object`);
    return undefined;
  }
  const request = field<Entry>(entry, 'request');
  if (!isObject(request)) {
    reporter.report(index, 'har-entry-invalid', `has no "request" object`);
    return undefined;
  }
  const url = field<Request>(request, 'url');
  if (typeof url !== 'string') {
    reporter.report(index, 'har-entry-invalid', `has no "request.url" string`);
    return undefined;
  }
  const kind = classifyHopUrl(url);
  const methodValue = field<Request>(request, 'method');
  const method = typeof methodValue === 'string' ? methodValue.toUpperCase() : 'GET';
  const postData = field<Request>(request, 'postData');
  // Cheap test first: most entries of a large HAR are assets of unrelated hosts.
  if (kind === 'other' && !url.includes('SAMLRe') && !mentionsSaml(postData)) return undefined;

  const responseValue = field<Entry>(entry, 'response');
  const response = isObject(responseValue) ? responseValue : undefined;
  const saml = readSaml(url, method, postData, index, reporter);
  const samlPost = method === 'POST' && (kind === 'aws-saml' || (kind === 'other' && saml?.SAMLResponse !== undefined));
  const keep = kind === 'other' ? saml !== undefined : samlPost || isDocumentRequest(entry, request, response, kind);
  if (!keep) return undefined;

  const startedDateTime = field<Entry>(entry, 'startedDateTime');
  const time = typeof startedDateTime === 'string' ? Date.parse(startedDateTime) : Number.NaN;
  if (!Number.isFinite(time)) {
    reporter.report(index, 'har-entry-invalid', `has no valid "startedDateTime" (got ${describe(startedDateTime)})`);
    return undefined;
  }

  const hop: Mutable<Hop> = { id: `har-entry-${index}`, kind, url, method, startedAt: new Date(time).toISOString() };
  const duration = field<Entry>(entry, 'time');
  if (typeof duration === 'number' && Number.isFinite(duration) && duration >= 0) hop.durationMs = duration;
  const resourceType = entry['_resourceType'];
  if (typeof resourceType === 'string' && resourceType !== '') hop.resourceType = resourceType;
  if (saml !== undefined) hop.saml = saml;
  // A HAR exported redacted by sso-doctor states what was verified before redaction.
  const attestation = saml === undefined ? undefined : readRedactionAttestation(entry[REDACTION_ATTESTATION_FIELD]);
  if (attestation !== undefined) hop.redaction = attestation;
  if (response !== undefined) readResponse(hop, response, entry);
  else hop.networkError = NO_RESPONSE_ERROR;

  const content = response === undefined ? undefined : field<Response>(response, 'content');
  return { index, time, end: time + (hop.durationMs ?? 0), href: normalizeHref(url), hop, samlPost, content, pageRead: false };
}

function readResponse(hop: Mutable<Hop>, response: Json, entry: Json): void {
  const status = field<Response>(response, 'status');
  if (typeof status === 'number' && Number.isInteger(status) && status > 0) hop.status = status;
  const statusText = field<Response>(response, 'statusText');
  if (typeof statusText === 'string' && statusText !== '' && hop.status !== undefined) hop.statusText = statusText;

  const headers = field<Response>(response, 'headers');
  const redirectUrl = field<Response>(response, 'redirectURL');
  const location = typeof redirectUrl === 'string' && redirectUrl !== '' ? redirectUrl : headerValue(headers, 'location');
  if (location !== undefined && location !== '') hop.redirectTo = resolveUrl(location, hop.url);
  const date = headerValue(headers, 'date');
  const dateMs = date === undefined ? Number.NaN : Date.parse(date);
  if (Number.isFinite(dateMs)) hop.serverDate = new Date(dateMs).toISOString();

  // Chrome writes the failure as response._error (older exports: entry._error); some tools use _failureText.
  const error = [response['_error'], entry['_error'], response['_failureText'], entry['_failureText']].find((e): e is string => typeof e === 'string' && e !== '');
  if (error !== undefined) hop.networkError = error;
  else if (hop.status === undefined) hop.networkError = NO_RESPONSE_ERROR;
}

/** Classifies the candidate's page once, on first need. */
function withPage(candidate: Candidate, reporter: EntryReporter): Hop {
  if (!candidate.pageRead) {
    candidate.pageRead = true;
    const page = readPage(candidate.content, candidate.hop.url, candidate.index, reporter);
    if (page !== undefined) candidate.hop.page = page;
  }
  return candidate.hop;
}

function readSaml(url: string, method: string, postData: unknown, index: number, reporter: EntryReporter): SamlParameters | undefined {
  if (method === 'POST' && isObject(postData)) {
    const text = field<PostDataText>(postData, 'text');
    if (typeof text === 'string' && text.length > MAX_POST_TEXT_CHARS) {
      reporter.report(index, 'har-postdata-too-large', `has a ${text.length}-character request body, over the ${MAX_POST_TEXT_CHARS} limit; its SAML parameters were not read`);
      return undefined;
    }
    if (typeof text === 'string' && (text.includes('SAMLResponse=') || text.includes('SAMLRequest='))) {
      const fields = withoutRawQuery(findSamlParameters(text));
      if (fields.SAMLResponse !== undefined || fields.SAMLRequest !== undefined) return fields;
    }
    const params = field<PostDataParams>(postData, 'params');
    if (Array.isArray(params)) {
      const fields = readParams(params, index, reporter);
      if (fields !== undefined) {
        const found = findSamlParameters(fields);
        if (found.SAMLResponse !== undefined || found.SAMLRequest !== undefined) return found;
      }
    }
  }
  if (url.includes('SAMLRequest=') || url.includes('SAMLResponse=')) {
    const found = findSamlParameters(url);
    if (found.SAMLResponse !== undefined || found.SAMLRequest !== undefined) return found;
  }
  return undefined;
}

/**
 * HAR `params` values are still percent-encoded in Chrome exports and already decoded in Firefox
 * ones. Base64 never contains '%', so a value with a %XX escape is form-decoded once.
 */
function readParams(params: readonly unknown[], index: number, reporter: EntryReporter): { name: string; value: string }[] | undefined {
  const fields: { name: string; value: string }[] = [];
  for (const param of params.slice(0, MAX_PARAMS)) {
    if (!isObject(param)) continue;
    const name = field<Param>(param, 'name');
    const value = field<Param>(param, 'value');
    if (typeof name !== 'string' || typeof value !== 'string') continue;
    if (value.length > MAX_POST_TEXT_CHARS) {
      reporter.report(index, 'har-postdata-too-large', `has a ${value.length}-character "${name.slice(0, 40)}" parameter, over the ${MAX_POST_TEXT_CHARS} limit; its SAML parameters were not read`);
      return undefined;
    }
    fields.push({ name: formDecodeIfEncoded(name), value: formDecodeIfEncoded(value) });
  }
  return fields;
}

function mentionsSaml(postData: unknown): boolean {
  if (!isObject(postData)) return false;
  const text = field<PostDataText>(postData, 'text');
  if (typeof text === 'string') return text.length <= MAX_POST_TEXT_CHARS && (text.includes('SAMLResponse=') || text.includes('SAMLRequest='));
  const params = field<PostDataParams>(postData, 'params');
  if (!Array.isArray(params)) return false;
  return params.slice(0, MAX_PARAMS).some((p) => {
    const name = isObject(p) ? field<Param>(p, 'name') : undefined;
    return name === 'SAMLResponse' || name === 'SAMLRequest';
  });
}

function readPage(content: unknown, url: string, index: number, reporter: EntryReporter): PageReading | undefined {
  if (!isObject(content)) return undefined;
  const mimeType = field<Content>(content, 'mimeType');
  const text = field<Content>(content, 'text');
  if (typeof mimeType !== 'string' || !/html/i.test(mimeType) || typeof text !== 'string' || text === '') return undefined;
  const html = field<Content>(content, 'encoding') === 'base64' ? decodeBase64Text(text, MAX_CONTENT_CHARS) : text.slice(0, MAX_CONTENT_CHARS);
  if (html === undefined) {
    reporter.report(index, 'har-content-undecodable', 'has a response body marked base64 that is not valid base64; the page text was not read');
    return undefined;
  }
  const page = htmlToText(html);
  return classifyPageText({ url, title: page.title, text: page.text });
}

/** Endpoints that are only ever navigated to, never fetched by scripts. */
const NAVIGATION_ONLY: ReadonlySet<HopKind> = new Set(['salesforce-idp', 'salesforce-login', 'aws-saml', 'connect-federate']);

/** Navigations only: sub-resources (scripts, images, XHR, beacons) never belong to the SSO chain. */
function isDocumentRequest(entry: Json, request: Json, response: Json | undefined, kind: HopKind): boolean {
  const resourceType = entry['_resourceType'];
  if (typeof resourceType === 'string' && resourceType !== '') return resourceType === 'document';
  const headers = field<Request>(request, 'headers');
  const dest = headerValue(headers, 'sec-fetch-dest')?.toLowerCase();
  if (dest !== undefined) return dest === 'document' || dest === 'iframe' || dest === 'frame';
  const mode = headerValue(headers, 'sec-fetch-mode')?.toLowerCase();
  if (mode !== undefined) return mode === 'navigate' || mode === 'nested-navigate';
  const accept = headerValue(headers, 'accept');
  if (accept !== undefined) return /text\/html/i.test(accept);
  const content = response === undefined ? undefined : field<Response>(response, 'content');
  const mimeType = isObject(content) ? field<Content>(content, 'mimeType') : undefined;
  return (typeof mimeType === 'string' && /html/i.test(mimeType)) || NAVIGATION_ONLY.has(kind);
}

// ---------------------------------------------------------------------------------------------
// Candidate hops → flows

interface FlowBuilder {
  readonly hops: Hop[];
  lastEnd: number;
  /** /idp/login answered with a page (form, error) rather than a redirect to the login page. */
  idpAnswered: boolean;
  reachedAws: boolean;
  closed: boolean;
}

const FLOW_STARTS: ReadonlySet<HopKind> = new Set(['salesforce-idp', 'salesforce-login']);
const AWS_SIDE: ReadonlySet<HopKind> = new Set(['connect-federate', 'aws-console-other', 'connect-app', 'aws-signin-other']);

/** Which hop kinds may directly follow which, when no redirect ties them together. */
const PLAUSIBLE_AFTER: Readonly<Partial<Record<HopKind, readonly HopKind[]>>> = {
  'aws-signin-other': ['aws-saml', 'aws-signin-other', 'other'],
  'connect-federate': ['aws-saml', 'aws-signin-other', 'aws-console-other', 'connect-federate', 'other'],
  'aws-console-other': ['aws-saml', 'aws-signin-other', 'aws-console-other', 'connect-federate', 'other'],
  'connect-app': ['aws-saml', 'aws-signin-other', 'aws-console-other', 'connect-federate', 'connect-app', 'other'],
};

function groupIntoFlows(candidates: readonly Candidate[], reporter: EntryReporter): Flow[] {
  const builders: FlowBuilder[] = [];
  let current: FlowBuilder | undefined;
  for (const candidate of candidates) {
    if (current !== undefined && joins(current, candidate)) {
      append(current, candidate, reporter);
      continue;
    }
    if (startsFlow(candidate, reporter)) {
      current = { hops: [], lastEnd: candidate.end, idpAnswered: false, reachedAws: false, closed: false };
      builders.push(current);
      append(current, candidate, reporter);
    }
  }
  return builders.map((builder, i) => toFlow(builder.hops, i + 1));
}

function startsFlow(candidate: Candidate, reporter: EntryReporter): boolean {
  const { kind } = candidate.hop;
  if (FLOW_STARTS.has(kind) || candidate.samlPost) return true;
  // An AWS or Connect error page with no SSO before it (e.g. "Session Expired" after opening Connect directly).
  return AWS_SIDE.has(kind) && isErrorPage(withPage(candidate, reporter).page);
}

function joins(flow: FlowBuilder, candidate: Candidate): boolean {
  if (flow.closed) return false;
  const last = flow.hops.at(-1);
  if (last === undefined) return false;
  const gap = candidate.time - flow.lastEnd;
  if (last.redirectTo !== undefined && gap <= FLOW_HOP_GAP_MS && normalizeHref(last.redirectTo) === candidate.href) return true;
  const { kind } = candidate.hop;
  if (FLOW_STARTS.has(kind) || kind === 'salesforce-other') return !flow.idpAnswered && !flow.reachedAws && gap <= FLOW_LOGIN_GAP_MS;
  if (gap > FLOW_HOP_GAP_MS) return false;
  if (candidate.samlPost) return true;
  if (kind === 'other') return true;
  return PLAUSIBLE_AFTER[kind]?.includes(last.kind) ?? false;
}

function append(flow: FlowBuilder, candidate: Candidate, reporter: EntryReporter): void {
  const hop = withPage(candidate, reporter);
  flow.hops.push(hop);
  flow.lastEnd = Math.max(candidate.end, candidate.time);
  if (hop.kind === 'salesforce-idp' && hop.redirectTo === undefined) flow.idpAnswered = true;
  if (candidate.samlPost || hop.kind.startsWith('aws-') || hop.kind.startsWith('connect-')) flow.reachedAws = true;
  if (endsFlow(hop)) flow.closed = true;
}

function endsFlow(hop: Hop): boolean {
  if (isErrorPage(hop.page)) return true;
  if (hop.networkError !== undefined && !isSoftNetworkError(hop.networkError)) return true;
  if (hop.status !== undefined && hop.status >= 400) return true;
  return hop.kind === 'connect-app' && hop.status !== undefined && hop.status < 300;
}

function toFlow(hops: readonly Hop[], ordinal: number): Flow {
  const first = hops[0];
  const last = hops.at(-1);
  return {
    id: `har-flow-${ordinal}`,
    source: 'har',
    startedAt: first?.startedAt ?? '',
    hops,
    state: 'ended',
    closeReason: last === undefined ? 'input-ended' : closeReasonOf(last),
  };
}

function closeReasonOf(last: Hop): FlowCloseReason {
  if (last.networkError !== undefined) return 'network-error';
  if (isErrorPage(last.page) || (last.status !== undefined && last.status >= 400)) return 'error-page';
  if (last.kind === 'connect-app') return 'reached-connect';
  return 'input-ended';
}

function isErrorPage(page: PageReading | undefined): boolean {
  return page !== undefined && page.classification !== 'aws-role-selection';
}

// ---------------------------------------------------------------------------------------------
// Small readers for untrusted JSON

/** Reads one field of an untrusted object; the type parameter ties the name to the HAR 1.2 type. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- T only names the HAR type, so a misspelt field name fails to compile
function field<T>(object: Json, name: keyof T & string): unknown {
  return object[name];
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length > 40 ? `a string of ${value.length} characters` : `the string "${value}"`;
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (!Array.isArray(headers)) return undefined;
  const count = Math.min(headers.length, MAX_HEADERS);
  for (let i = 0; i < count; i += 1) {
    const header: unknown = headers[i];
    if (!isObject(header)) continue;
    const headerName = field<Header>(header, 'name');
    const value = field<Header>(header, 'value');
    if (typeof headerName === 'string' && typeof value === 'string' && headerName.toLowerCase() === name) return value;
  }
  return undefined;
}

function resolveUrl(location: string, base: string): string {
  try {
    return new URL(location, base).href;
  } catch {
    return location;
  }
}

function normalizeHref(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.hash = '';
    return parsed.href;
  } catch {
    return url;
  }
}

/** A POST body's raw form is the whole body (the SAMLResponse again); only the redirect binding needs it. */
function withoutRawQuery(parameters: SamlParameters): SamlParameters {
  const result: Mutable<SamlParameters> = {};
  if (parameters.SAMLRequest !== undefined) result.SAMLRequest = parameters.SAMLRequest;
  if (parameters.SAMLResponse !== undefined) result.SAMLResponse = parameters.SAMLResponse;
  if (parameters.RelayState !== undefined) result.RelayState = parameters.RelayState;
  if (parameters.SigAlg !== undefined) result.SigAlg = parameters.SigAlg;
  if (parameters.Signature !== undefined) result.Signature = parameters.Signature;
  return result;
}

function formDecodeIfEncoded(value: string): string {
  if (!/%[0-9A-Fa-f]{2}/.test(value)) return value;
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

function decodeBase64Text(base64: string, maxChars: number): string | undefined {
  const compact = base64.slice(0, Math.ceil((maxChars * 4) / 3) + 4).replace(/\s+/g, '');
  const usable = compact.length % 4 === 0 ? compact : compact.slice(0, compact.length - (compact.length % 4));
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(usable)) return undefined;
  let binary: string;
  try {
    binary = atob(usable);
  } catch {
    return undefined;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return new TextDecoder('utf-8').decode(bytes).slice(0, maxChars);
}

/** Per-entry problems are capped so that a HAR of 10,000 broken rows yields a readable list. */
function entryReporter(problems: Problem[]): EntryReporter {
  let reported = 0;
  let dropped = 0;
  return {
    report(index, code, message) {
      if (reported < MAX_ENTRY_PROBLEMS) {
        problems.push(problem(code, 'warning', `HAR entry ${index} ${message}.`));
        reported += 1;
      } else dropped += 1;
    },
    finish() {
      if (dropped > 0) problems.push(problem('har-entry-invalid', 'info', `${dropped} more HAR entries had problems and were skipped or read in part.`));
    },
  };
}

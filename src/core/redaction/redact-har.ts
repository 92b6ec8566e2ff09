import type { Content, Entry, Header, Log, Page, Param, PostData, Request, Response, Timings } from 'har-format';
import { analyzeSamlValue } from '../analysis/analyze-saml-value.ts';
import { base64ToBytes, decodeSamlValue } from '../binding/decode-saml-value.ts';
import { findSamlParameters } from '../binding/find-saml-parameters.ts';
import { classifyPageText } from '../flow/classify-page-text.ts';
import { htmlToText } from '../flow/html-to-text.ts';
import { problem, type Problem } from '../problem.ts';
import { harQueryString } from '../export/har-query-string.ts';
import { pageHtml } from '../export/page-html.ts';
import { SSO_DOCTOR_VERSION, type HarReportNote } from '../export/render-report-har.ts';
import { reportWarning } from '../export/report-warning.ts';
import { createRedactor, type Redactor } from './create-redactor.ts';
import { redactPage } from './redact-flow.ts';
import { learnSamlIdentities } from './redact-saml-xml.ts';
import { redactSamlValue } from './redact-saml-value.ts';
import { createRedactionAttestation } from './create-redaction-attestation.ts';
import { REDACTION_ATTESTATION_FIELD, type RedactionAttestation } from './redaction-attestation.ts';
import type { RedactionReceiptEntry } from './redaction-receipt.ts';

export interface RedactHarOptions {
  /** Random per run, from the caller; keys the pseudonyms and is never written out. */
  readonly salt: string;
  /** ISO-8601 time of the redaction. */
  readonly now: string;
}

export type RedactHarResult =
  | { readonly ok: true; readonly har: string; readonly receipt: RedactionReceiptEntry[] }
  | { readonly ok: false; readonly problems: readonly Problem[] };

/** Browser HAR exports of a long session reach hundreds of megabytes; beyond this is not a HAR we should hold. */
const MAX_HAR_CHARS = 512 * 1024 * 1024;
const MAX_ENTRIES = 500_000;
const MAX_HEADERS = 300;
const MAX_PARAMS = 1_000;
const MAX_CONTENT_CHARS = 1024 * 1024;
const SAML_FIELDS: ReadonlySet<string> = new Set(['SAMLRequest', 'SAMLResponse', 'RelayState']);

/** Headers that describe the exchange, not the person or their session: kept as they are. */
const KEPT_HEADERS: ReadonlySet<string> = new Set([
  'accept', 'accept-language', 'accept-encoding', 'content-type', 'content-encoding', 'date', 'cache-control', 'pragma', 'expires', 'vary',
  'sec-fetch-dest', 'sec-fetch-mode', 'sec-fetch-site', 'sec-fetch-user', 'upgrade-insecure-requests', 'user-agent', 'server',
  'sec-ch-ua', 'sec-ch-ua-mobile', 'sec-ch-ua-platform', 'x-amzn-requestid', 'x-amz-request-id', ':method', ':scheme', 'x-frame-options',
  'strict-transport-security',
]);
/** Headers holding a URL: kept with the URL redacted. */
const URL_HEADERS: ReadonlySet<string> = new Set(['location', 'referer', 'origin', 'content-location', ':path']);
/** Headers holding a host name: kept, with an account id in it masked. */
const HOST_HEADERS: ReadonlySet<string> = new Set(['host', ':authority']);
const NAMED_REMOVALS: Readonly<Record<string, string>> = {
  cookie: 'Cookie header',
  'set-cookie': 'Set-Cookie header',
  authorization: 'Authorization header',
  'proxy-authorization': 'Authorization header',
};

type Json = Readonly<Record<string, unknown>>;

/**
 * Redacts a whole HAR file (`sso-doctor redact <har> -o <out>`), every entry: URLs keep host and
 * path with ids pseudonymized or masked and secret parameters removed; cookies, Authorization and
 * every header not known to be harmless are removed; request bodies are reduced to their SAML
 * fields, whose values are decoded, redacted and re-encoded (with the signature outcomes attested
 * in `entry._ssoDoctor`); response bodies are removed except the classified text of SSO error
 * pages. Timing, status codes and the redirect chain are kept, so the result still diagnoses.
 * Unknown JSON is handled as untrusted input: a bad shape comes back as a problem, never a throw.
 */
export async function redactHar(harText: string, options: RedactHarOptions): Promise<RedactHarResult> {
  const invalid = (message: string): RedactHarResult => ({ ok: false, problems: [problem('har-invalid', 'error', message)] });
  if (harText.length > MAX_HAR_CHARS) return { ok: false, problems: [problem('har-too-large', 'error', `The HAR is ${String(harText.length)} characters; the limit is ${String(MAX_HAR_CHARS)}.`)] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(harText);
  } catch (error) {
    return invalid(`The HAR is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const log = isObject(parsed) ? parsed['log'] : undefined;
  if (!isObject(log)) return invalid('The HAR has no "log" object.');
  const entries = log['entries'];
  if (!Array.isArray(entries)) return invalid('The HAR\'s "log.entries" is not an array.');
  const list = (entries as readonly unknown[]).slice(0, MAX_ENTRIES);

  const redactor = createRedactor(options.salt, { accountIds: 'parseable' });
  for (const entry of list) if (isObject(entry)) learnEntry(entry, redactor);

  const out: Entry[] = [];
  for (const entry of list) {
    if (isObject(entry)) out.push(await redactEntry(entry, redactor, options.now));
    else redactor.note('Malformed HAR entries', 'removed');
  }
  if (entries.length > MAX_ENTRIES) redactor.note('HAR entries beyond the first 500,000', 'removed', entries.length - MAX_ENTRIES);

  const receipt = redactor.receipt();
  const notice = reportWarning({ redacted: true, liveCredentials: [], generatedAt: options.now });
  const creator = isObject(log['creator']) ? log['creator'] : {};
  const browser = isObject(log['browser']) ? log['browser'] : undefined;
  const redactedLog: Log & Record<typeof REDACTION_ATTESTATION_FIELD, Omit<HarReportNote, 'flowId' | 'evaluatedAt' | 'primaryFindingId'>> = {
    version: '1.2',
    creator: { name: 'sso-doctor', version: SSO_DOCTOR_VERSION, comment: `redacted from a HAR written by ${text(creator['name'])} ${text(creator['version'])}`.trim() },
    ...(browser === undefined ? {} : { browser: { name: text(browser['name']), version: text(browser['version']) } }),
    pages: Array.isArray(log['pages']) ? (log['pages'] as readonly unknown[]).filter(isObject).map((page) => redactPageEntry(page, redactor)) : [],
    entries: out,
    comment: notice,
    [REDACTION_ATTESTATION_FIELD]: { redacted: true, notice, generatedAt: options.now, receipt },
  };
  return { ok: true, har: `${JSON.stringify({ log: redactedLog }, null, 2)}\n`, receipt };
}

/** First pass: every identity the entry carries, so later text is scrubbed of it wherever it appears. */
function learnEntry(entry: Json, redactor: Redactor): void {
  const request = isObject(entry['request']) ? entry['request'] : {};
  const url = text(request['url']);
  redactor.learnUrl(url);
  for (const header of headersOf(request['headers'])) if (URL_HEADERS.has(header.name.toLowerCase())) redactor.learnUrl(header.value);
  const values = [...postFields(request['postData']).filter((field) => field.name === 'SAMLResponse' || field.name === 'SAMLRequest').map((field) => field.value)];
  const fromUrl = url.includes('SAML') ? findSamlParameters(url) : {};
  if (fromUrl.SAMLRequest !== undefined) values.push(fromUrl.SAMLRequest);
  if (fromUrl.SAMLResponse !== undefined) values.push(fromUrl.SAMLResponse);
  for (const value of values) {
    const decoding = decodeSamlValue(value);
    if (decoding.ok) learnSamlIdentities(decoding.xml, redactor);
  }
}

async function redactEntry(entry: Json, redactor: Redactor, now: string): Promise<Entry> {
  const request = isObject(entry['request']) ? entry['request'] : {};
  const response = isObject(entry['response']) ? entry['response'] : undefined;
  const originalUrl = text(request['url']);
  const url = redactor.url(originalUrl);

  const { postData, attestable } = redactPostData(request['postData'], redactor);
  countRemoved(request['cookies'], 'Request cookies', redactor);
  const redactedRequest: Request = {
    method: text(request['method']) || 'GET',
    url,
    httpVersion: text(request['httpVersion']),
    cookies: [],
    headers: redactHeaders(request['headers'], redactor),
    queryString: harQueryString(url),
    headersSize: -1,
    bodySize: postData === undefined ? 0 : -1,
    ...(postData === undefined ? {} : { postData }),
  };

  const time = number(entry['time']);
  const redacted: Entry & Record<string, unknown> = {
    startedDateTime: text(entry['startedDateTime']),
    time,
    request: redactedRequest,
    response: response === undefined ? emptyResponse() : redactResponse(response, originalUrl, redactor),
    cache: {},
    timings: redactTimings(entry['timings'], time),
  };
  if (typeof entry['pageref'] === 'string') redacted.pageref = entry['pageref'];
  // Browsers write resource types beyond the typed list; the value is copied as is.
  if (typeof entry['_resourceType'] === 'string') redacted._resourceType = entry['_resourceType'] as Entry['_resourceType']; // -- reason: see above
  if (typeof entry['_error'] === 'string') redacted['_error'] = redactor.text(entry['_error']);
  const dropped = Object.keys(entry).filter((key) => key.startsWith('_') && key !== '_resourceType' && key !== '_error').length;
  if (dropped > 0) redactor.note('Browser-specific entry fields (_initiator, _priority, ...)', 'removed', dropped);
  if (typeof entry['serverIPAddress'] === 'string' || entry['connection'] !== undefined) redactor.note('Server IP address and connection id', 'removed');

  const attestation = await attest(originalUrl, url, attestable, redactor, now);
  if (attestation !== undefined) redacted[REDACTION_ATTESTATION_FIELD] = attestation;
  return redacted;
}

interface Attestable {
  readonly parameter: 'SAMLResponse' | 'SAMLRequest';
  readonly original: string;
  readonly redacted: string;
}

/** The SAML form fields, redacted and re-encoded; every other part of the body removed. */
function redactPostData(value: unknown, redactor: Redactor): { postData: PostData | undefined; attestable: Attestable | undefined } {
  if (!isObject(value)) return { postData: undefined, attestable: undefined };
  const fields = postFields(value);
  const kept: Param[] = [];
  let attestable: Attestable | undefined;
  let removed = 0;
  for (const field of fields) {
    if (!SAML_FIELDS.has(field.name)) {
      removed++;
      continue;
    }
    let redacted: string;
    if (field.name === 'RelayState') redacted = /^https?:\/\//i.test(field.value) ? redactor.url(field.value) : redactor.text(field.value);
    else {
      redacted = redactSamlValue(field.value, redactor).value;
      const parameter = field.name === 'SAMLResponse' ? 'SAMLResponse' : 'SAMLRequest';
      if (attestable === undefined || parameter === 'SAMLResponse') attestable = { parameter, original: field.value, redacted };
    }
    // Percent-encoded as Chrome writes params: `flowsFromHar` decodes a value with a %XX escape once.
    kept.push({ name: field.name, value: encodeURIComponent(redacted) });
  }
  if (removed > 0) redactor.note('Request body parameters other than SAML fields', 'removed', removed);
  if (fields.length === 0 && (typeof value['text'] === 'string' ? value['text'] !== '' : false)) redactor.note('Request body', 'removed');
  if (kept.length === 0) return { postData: undefined, attestable: undefined };
  return { postData: { mimeType: 'application/x-www-form-urlencoded', params: kept }, attestable };
}

/** A SAML value's signature outcomes, verified on the original before it was redacted. */
async function attest(originalUrl: string, redactedUrl: string, posted: Attestable | undefined, redactor: Redactor, now: string): Promise<RedactionAttestation | undefined> {
  let target = posted;
  if (target === undefined && /SAML(?:Request|Response)=/.test(originalUrl)) {
    const before = findSamlParameters(originalUrl);
    const after = findSamlParameters(redactedUrl);
    const parameter = before.SAMLResponse !== undefined ? 'SAMLResponse' : 'SAMLRequest';
    const original = before[parameter];
    const redacted = after[parameter];
    if (original !== undefined && redacted !== undefined) target = { parameter, original, redacted };
  }
  if (target === undefined) return undefined;
  const analysis = await analyzeSamlValue(target.original, target.parameter);
  if (analysis.signatures === undefined) return undefined;
  return createRedactionAttestation({ analysis, parameter: target.parameter, redactedValue: target.redacted, trustedFingerprints: [], now }, redactor);
}

function redactResponse(response: Json, url: string, redactor: Redactor): Response {
  countRemoved(response['cookies'], 'Response cookies', redactor);
  const out: Response & Record<string, unknown> = {
    status: number(response['status']),
    statusText: redactor.text(text(response['statusText'])),
    httpVersion: text(response['httpVersion']),
    cookies: [],
    headers: redactHeaders(response['headers'], redactor),
    content: redactContent(response['content'], url, redactor),
    redirectURL: redactor.url(text(response['redirectURL'])),
    headersSize: -1,
    bodySize: -1,
  };
  for (const key of ['_error', '_failureText']) {
    const value = response[key];
    if (typeof value === 'string') out[key] = redactor.text(value);
  }
  return out;
}

/** A classified SSO page keeps its excerpt (as minimal HTML that classifies the same); every other body goes. */
function redactContent(value: unknown, url: string, redactor: Redactor): Content {
  const content = isObject(value) ? value : {};
  const mimeType = text(content['mimeType']) || 'x-unknown';
  const body = content['text'];
  if (typeof body !== 'string' || body === '') return { size: 0, mimeType };
  if (/html/i.test(mimeType)) {
    const html = content['encoding'] === 'base64' ? decodeBase64Text(body) : body.slice(0, MAX_CONTENT_CHARS);
    const page = html === undefined ? undefined : htmlToText(html);
    const reading = page === undefined ? undefined : classifyPageText({ url, title: page.title, text: page.text });
    if (reading !== undefined) {
      const kept = pageHtml(redactPage(reading, redactor));
      return { size: kept.length, mimeType: 'text/html', text: kept, comment: 'sso-doctor kept only the classified text of this page' };
    }
  }
  redactor.note('Response bodies', 'removed');
  return { size: 0, mimeType, comment: 'body removed by sso-doctor' };
}

function redactHeaders(value: unknown, redactor: Redactor): Header[] {
  const out: Header[] = [];
  for (const header of headersOf(value)) {
    const name = header.name.toLowerCase();
    if (KEPT_HEADERS.has(name)) out.push({ name: header.name, value: header.value });
    else if (URL_HEADERS.has(name)) out.push({ name: header.name, value: redactor.url(header.value) });
    else if (HOST_HEADERS.has(name)) out.push({ name: header.name, value: redactor.url(`https://${header.value}`).slice('https://'.length) });
    else redactor.note(NAMED_REMOVALS[name] ?? 'Other headers (not known to be harmless)', 'removed');
  }
  return out;
}

function redactPageEntry(page: Json, redactor: Redactor): Page {
  const timings = isObject(page['pageTimings']) ? page['pageTimings'] : {};
  return {
    startedDateTime: text(page['startedDateTime']),
    id: text(page['id']),
    title: redactor.text(text(page['title'])),
    pageTimings: {
      ...(typeof timings['onContentLoad'] === 'number' ? { onContentLoad: timings['onContentLoad'] } : {}),
      ...(typeof timings['onLoad'] === 'number' ? { onLoad: timings['onLoad'] } : {}),
    },
  };
}

function redactTimings(value: unknown, time: number): Timings {
  const timings = isObject(value) ? value : {};
  const read = (key: string): number => (typeof timings[key] === 'number' ? timings[key] : -1);
  return {
    blocked: read('blocked'),
    dns: read('dns'),
    connect: read('connect'),
    ssl: read('ssl'),
    send: Math.max(0, read('send')),
    wait: typeof timings['wait'] === 'number' ? timings['wait'] : time,
    receive: Math.max(0, read('receive')),
  };
}

function emptyResponse(): Response {
  return { status: 0, statusText: '', httpVersion: '', cookies: [], headers: [], content: { size: 0, mimeType: 'x-unknown' }, redirectURL: '', headersSize: -1, bodySize: -1 };
}

/** Form fields of a request body, decoded once, from `params` or a form-encoded `text`. */
function postFields(value: unknown): { name: string; value: string }[] {
  if (!isObject(value)) return [];
  const params = value['params'];
  if (Array.isArray(params)) {
    return (params as readonly unknown[])
      .slice(0, MAX_PARAMS)
      .filter(isObject)
      .flatMap((param) => (typeof param['name'] === 'string' && typeof param['value'] === 'string' ? [{ name: decodeIfEncoded(param['name']), value: decodeIfEncoded(param['value']) }] : []));
  }
  const body = value['text'];
  const mimeType = text(value['mimeType']);
  if (typeof body !== 'string' || !(/x-www-form-urlencoded/i.test(mimeType) || /^[^\s=&]+=/.test(body))) return [];
  return body
    .split('&')
    .slice(0, MAX_PARAMS)
    .flatMap((pair) => {
      const eq = pair.indexOf('=');
      return eq < 0 ? [] : [{ name: formDecode(pair.slice(0, eq)), value: formDecode(pair.slice(eq + 1)) }];
    });
}

function headersOf(value: unknown): { name: string; value: string }[] {
  if (!Array.isArray(value)) return [];
  return (value as readonly unknown[])
    .slice(0, MAX_HEADERS)
    .filter(isObject)
    .flatMap((header) => (typeof header['name'] === 'string' && typeof header['value'] === 'string' ? [{ name: header['name'], value: header['value'] }] : []));
}

function countRemoved(value: unknown, field: string, redactor: Redactor): void {
  if (Array.isArray(value) && value.length > 0) redactor.note(field, 'removed', value.length);
}

/** HAR `params` are percent-encoded in Chrome exports and decoded in Firefox ones (see flowsFromHar). */
function decodeIfEncoded(value: string): string {
  return /%[0-9A-Fa-f]{2}/.test(value) ? formDecode(value) : value;
}

function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

function decodeBase64Text(base64: string): string | undefined {
  const compact = base64.slice(0, Math.ceil((MAX_CONTENT_CHARS * 4) / 3) + 4).replace(/\s+/g, '');
  const usable = compact.slice(0, compact.length - (compact.length % 4));
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(usable)) return undefined;
  return new TextDecoder('utf-8').decode(base64ToBytes(usable)).slice(0, MAX_CONTENT_CHARS);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function number(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import { classifyHopUrl } from './classify-hop-url.ts';
import type { HopKind, PageClassification, PageReading, ServiceErrorDetails } from './flow.ts';

export interface PageTextInput {
  readonly url: string;
  readonly title?: string | undefined;
  /** The page's visible text (innerText, or text extracted from HTML). */
  readonly text: string;
}

/** Only the start of a page is read: every documented message sits near the top of a small page. */
const MAX_TEXT_CHARS = 20_000;
/**
 * How far into the page a documented sentence may start. Error pages put it at the top; an article
 * that quotes the messages (the Salesforce KB itself, on help.salesforce.com) has them further down.
 */
const PHRASE_WITHIN_CHARS: Readonly<Record<Exclude<Origin, 'unknown'>, number>> = { salesforce: 1_500, aws: 4_000 };
const MAX_EXCERPT_CHARS = 300;
const MAX_TITLE_CHARS = 200;
const MAX_SERVICE_ERRORS = 8;
/** A heading-only phrase counts when it is in the title, near the top, or the page is this short. */
const PROMINENT_WITHIN_CHARS = 300;
const SHORT_PAGE_CHARS = 2_000;

type Origin = 'salesforce' | 'aws' | 'unknown';

interface Rule {
  readonly classification: PageClassification;
  /** Which sites can show the message; a page from the other side never matches it. */
  readonly origin: Exclude<Origin, 'unknown'>;
  /** Documented phrases; any one is enough. */
  readonly phrases: readonly RegExp[];
  /** Phrases that only count as a heading (title, top of the page, or a very short page). */
  readonly headings?: readonly RegExp[];
  /** Error codes from the "(Service: ...; Error Code: X)" groups that identify the message alone. */
  readonly errorCodes?: readonly RegExp[];
  /** Extra condition on the page's host. */
  readonly onlyOn?: readonly HopKind[];
}

/**
 * Most specific first: AWS prints the STS message followed by one or more service groups, and a
 * page can carry two messages (seed 000 #4: "Issuer not present ..." plus InvalidIdentityToken),
 * so the specific sentences come before the generic "invalid SAML response" and before the codes.
 */
const RULES: readonly Rule[] = [
  { classification: 'aws-issuer-not-present', origin: 'aws', phrases: [/issuer not present in specified provider/i] },
  { classification: 'aws-signature-invalid', origin: 'aws', phrases: [/response signature invalid/i] },
  { classification: 'aws-rolesessionname-required', origin: 'aws', phrases: [/RoleSessionName is required in AuthnResponse/i] },
  { classification: 'aws-rolesessionname-invalid', origin: 'aws', phrases: [/RoleSessionName in AuthnResponse must match/i] },
  { classification: 'aws-source-identity-invalid', origin: 'aws', phrases: [/Source ?Identity must match/i] },
  { classification: 'aws-provider-not-found', origin: 'aws', phrases: [/specified provider (?:doesn't|does not) exist/i] },
  { classification: 'aws-duration-exceeds-max', origin: 'aws', phrases: [/DurationSeconds exceeds (?:the )?MaxSessionDuration/i] },
  { classification: 'aws-audience-missing', origin: 'aws', phrases: [/response does not contain the required audience/i] },
  { classification: 'aws-not-authorized-assume-role', origin: 'aws', phrases: [/not authorized to perform:? sts:AssumeRoleWithSAML/i] },
  {
    classification: 'aws-expired-token',
    origin: 'aws',
    // STS's ExpiredTokenException texts for SAML ("Response has expired", "Token must be redeemed
    // within 5 minutes of issuance"); a bare "expired" never counts.
    phrases: [/\bresponse has expired\b/i, /token must be redeemed within \d+ minutes? of issuance/i, /\bSAML (?:assertion|response) (?:has |is )?expired\b/i],
    errorCodes: [/^ExpiredToken(?:Exception)?$/i],
  },
  {
    classification: 'aws-region-disabled',
    origin: 'aws',
    phrases: [/STS is not activated in (?:this|the requested) region/i],
    errorCodes: [/^RegionDisabled(?:Exception)?$/i],
  },
  // Also the community-seen variant "... To use SAML, enable one or more IAM roles for this application." (domain.md §3.1).
  { classification: 'aws-invalid-saml-response', origin: 'aws', phrases: [/your request included an invalid SAML response/i] },
  { classification: 'connect-not-onboarded', origin: 'aws', phrases: [/has not been onboarded to this application/i] },
  {
    classification: 'connect-federation-denied',
    origin: 'aws',
    phrases: [/access denied\W{0,3}\s*please contact your AWS account administrator/i, /please contact your AWS account administrator for assistance/i],
  },
  {
    classification: 'connect-bad-request',
    origin: 'aws',
    phrases: [/the request was not valid and could not be processed/i],
    headings: [/\bbad request\b/i],
    onlyOn: ['connect-app', 'connect-federate', 'aws-console-other'],
  },
  {
    classification: 'connect-session-expired',
    origin: 'aws',
    phrases: [],
    headings: [/\bsession expired\b/i],
    onlyOn: ['connect-app', 'connect-federate', 'aws-console-other'],
  },
  {
    classification: 'sf-insufficient-privileges',
    origin: 'salesforce',
    phrases: [/you do not have the level of access necessary to perform the operation you requested/i],
    headings: [/insufficient privileges/i],
  },
  {
    classification: 'sf-data-not-available',
    origin: 'salesforce',
    phrases: [/the data you were trying to access could not be found/i],
    headings: [/data not available/i],
  },
  {
    // Not an error: AWS lists the roles when the Role attribute has several values (domain.md §1.3).
    classification: 'aws-role-selection',
    origin: 'aws',
    phrases: [],
    headings: [/\bselect a role\b/i],
    onlyOn: ['aws-saml', 'aws-signin-other', 'other'],
  },
];

/**
 * Recognises a documented error page (or AWS's role-selection page) from its text, and returns
 * the classification with a short excerpt: the matched sentence, never the page. Returns
 * undefined for ordinary pages. Salesforce messages are not looked for on AWS/Connect pages and
 * vice versa; a page whose URL is neither (a paste, a test) is checked for both.
 */
export function classifyPageText(input: PageTextInput): PageReading | undefined {
  const text = normalize(input.text.length > MAX_TEXT_CHARS ? input.text.slice(0, MAX_TEXT_CHARS) : input.text);
  const title = input.title === undefined ? undefined : normalize(input.title.slice(0, MAX_TEXT_CHARS)).trim();
  const kind = classifyHopUrl(input.url);
  const origin = originOf(kind);
  const serviceErrors = origin === 'salesforce' ? [] : readServiceErrors(text);

  for (const rule of RULES) {
    if (origin !== 'unknown' && origin !== rule.origin) continue;
    if (rule.onlyOn !== undefined && !rule.onlyOn.includes(kind)) continue;
    const match = findRule(rule, text, title, serviceErrors);
    if (match !== undefined) return reading(rule.classification, match, input.title, serviceErrors, text);
  }
  if (serviceErrors.length > 0) {
    const at = SERVICE_GROUP.exec(text)?.index ?? 0;
    return reading('unrecognized-error', { text, index: at, length: 0 }, input.title, serviceErrors, text);
  }
  return undefined;
}

interface Match {
  readonly text: string;
  readonly index: number;
  readonly length: number;
}

function findRule(rule: Rule, text: string, title: string | undefined, serviceErrors: readonly ServiceErrorDetails[]): Match | undefined {
  for (const phrase of rule.phrases) {
    const m = phrase.exec(text);
    if (m !== null && m.index <= PHRASE_WITHIN_CHARS[rule.origin]) return { text, index: m.index, length: m[0].length };
    const t = title === undefined ? null : phrase.exec(title);
    if (t !== null && title !== undefined) return { text: title, index: t.index, length: t[0].length };
  }
  for (const heading of rule.headings ?? []) {
    const t = title === undefined ? null : heading.exec(title);
    if (t !== null && title !== undefined) {
      const inText = heading.exec(text);
      return inText === null ? { text: title, index: t.index, length: t[0].length } : { text, index: inText.index, length: inText[0].length };
    }
    const m = heading.exec(text);
    if (m !== null && (m.index <= PROMINENT_WITHIN_CHARS || text.length <= SHORT_PAGE_CHARS)) return { text, index: m.index, length: m[0].length };
  }
  const codes = rule.errorCodes;
  if (codes !== undefined && serviceErrors.some((e) => e.errorCode !== undefined && codes.some((c) => c.test(e.errorCode ?? '')))) {
    const at = SERVICE_GROUP.exec(text)?.index ?? 0;
    return { text, index: at, length: 0 };
  }
  return undefined;
}

function reading(
  classification: PageClassification,
  match: Match,
  rawTitle: string | undefined,
  serviceErrors: readonly ServiceErrorDetails[],
  text: string,
): PageReading {
  const result: { -readonly [K in keyof PageReading]: PageReading[K] } = { classification, excerpt: excerptAround(match) };
  const title = rawTitle === undefined ? '' : normalize(rawTitle.slice(0, MAX_TEXT_CHARS)).trim();
  if (title !== '') result.title = truncate(title, MAX_TITLE_CHARS);
  if (serviceErrors.length > 0) result.serviceErrors = serviceErrors;
  if (classification === 'connect-federation-denied') {
    const arn = ROLE_ARN.exec(text)?.[0].replace(/[.,;:]+$/, '');
    if (arn !== undefined) result.roleArn = arn;
  }
  return result;
}

/**
 * "(Service: AWSSecurityTokenService; Status Code: 400; Error Code: InvalidIdentityToken;
 * Request ID: ...; Proxy: null)". The docs print it in lower case, the SDK in title case, and the
 * Salesforce KB (seed 000) shows the service as AWSSecurityTokenV20111201 with a masked request id.
 */
const SERVICE_GROUP = /\(\s*service:\s*([^;()]{1,100}?)\s*;\s*status code:\s*(\d{3})\s*;\s*error code:\s*([^;()]{1,100}?)\s*(?:;\s*request id:\s*([^;()]{1,100}?)\s*)?(?:;\s*proxy:\s*[^;()]{0,100}?\s*)?\)/i;

function readServiceErrors(text: string): ServiceErrorDetails[] {
  const all = new RegExp(SERVICE_GROUP.source, 'gi');
  const found: ServiceErrorDetails[] = [];
  for (const m of text.matchAll(all)) {
    const detail: { -readonly [K in keyof ServiceErrorDetails]: ServiceErrorDetails[K] } = { service: (m[1] ?? '').trim() };
    const status = Number(m[2]);
    if (Number.isInteger(status)) detail.statusCode = status;
    const code = (m[3] ?? '').trim();
    if (code !== '') detail.errorCode = code;
    const requestId = m[4]?.trim();
    if (requestId !== undefined && requestId !== '') detail.requestId = requestId;
    found.push(detail);
    if (found.length >= MAX_SERVICE_ERRORS) break;
  }
  return found;
}

/** The role Connect names on its "contact your AWS account administrator" page (seed 002). */
const ROLE_ARN = /arn:aws(?:-cn|-us-gov)?:(?:iam|sts)::\d{12}:(?:role|assumed-role)\/[A-Za-z0-9+=,.@_/-]{1,512}/;

function originOf(kind: HopKind): Origin {
  if (kind === 'salesforce-idp' || kind === 'salesforce-login' || kind === 'salesforce-other') return 'salesforce';
  if (kind === 'other') return 'unknown';
  return 'aws';
}

/** Straight quotes, single spaces, line breaks kept (they end headings). */
function normalize(text: string): string {
  return text
    .replace(/[\u2018\u2019\u02BC]/g, "'")
    .replace(/[\u201C\u201D]/g, '"')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ ?\n[\s]*/g, '\n');
}

/** The sentence holding the match: back to the previous sentence end or line break, on to the next one. */
function excerptAround(match: Match): string {
  const { text, index, length } = match;
  let start = index;
  const floor = Math.max(0, index - MAX_EXCERPT_CHARS);
  while (start > floor) {
    const previous = text[start - 1];
    if (previous === '\n') break;
    if (previous === ' ' && /[.!?]/.test(text[start - 2] ?? '')) break;
    start -= 1;
  }
  let end = index + length;
  let depth = 0;
  const ceiling = Math.min(text.length, start + MAX_EXCERPT_CHARS * 2);
  while (end < ceiling) {
    const c = text[end];
    if (c === '\n' && depth === 0) break;
    if (c === '(') depth += 1;
    if (c === ')') depth = Math.max(0, depth - 1);
    end += 1;
    if ((c === '.' || c === '!' || c === '?') && depth === 0 && (end >= text.length || /\s/.test(text[end] ?? ''))) break;
  }
  return truncate(text.slice(start, end).trim(), MAX_EXCERPT_CHARS);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

import type { HopKind } from './flow.ts';
import { BoundedMemo } from '../certificate/bounded-memo.ts';

export type AwsPartition = 'aws' | 'aws-cn' | 'aws-us-gov';

export interface AwsSamlEndpoint {
  readonly partition: AwsPartition;
  /** The region of a regional endpoint; undefined for the partition's global endpoint. */
  readonly region: string | undefined;
  readonly url: string;
}

export interface ConnectFederateTarget {
  /** From the console host name (or a `region` query parameter); undefined for the global console. */
  readonly region: string | undefined;
  readonly instanceId: string;
  /** The decoded `destination` query parameter, e.g. `/connect/ccp-v2`. */
  readonly destination: string | undefined;
}

export type ConnectDomainStyle = 'my.connect.aws' | 'awsapps.com' | 'govcloud.connect.aws';

export interface ConnectAppInfo {
  /** The instance alias: the first label of the host name. */
  readonly alias: string;
  readonly domain: ConnectDomainStyle;
  readonly origin: string;
}

interface ParsedUrl {
  readonly host: string;
  readonly path: string;
  /** Shared between callers (parses are memoised): read it, never change it. */
  readonly search: Pick<URLSearchParams, 'get' | 'forEach'>;
  readonly rawSearch: string;
  readonly origin: string;
}

/**
 * Salesforce's registrable domains (KB 000321501 allowlist plus the Government Cloud and legacy
 * forms, domain.md §1.5). A host is Salesforce's when it is one of these or a subdomain of one.
 */
const SALESFORCE_DOMAINS = [
  'salesforce.com',
  'force.com',
  'salesforce-setup.com',
  'site.com',
  'salesforce-sites.com',
  'salesforce-experience.com',
  'visualforce.com',
  'cloudforce.com',
  'documentforce.com',
  'salesforce.mil',
  'force.mil',
] as const;

const REGION = '[a-z]{2}(?:-[a-z]+)+-\\d+';

/** `[<region>.]signin.<partition domain>` (domain.md §4: match a pattern, not a region list). */
const SIGNIN_HOST = new RegExp(`^(?:(${REGION})\\.)?signin\\.(aws\\.amazon\\.com|amazonaws\\.cn|amazonaws-us-gov\\.com)$`);
/** `/saml` and, with assertion encryption, `/saml/acs/<IdP-ID>` (IAM id_roles_providers_create_saml). */
const SIGNIN_SAML_PATH = /^\/saml(?:\/acs\/[^/]+)?\/?$/;
const CONSOLE_HOST = new RegExp(`^(?:(${REGION})\\.)?console\\.(?:aws\\.amazon\\.com|amazonaws\\.cn|amazonaws-us-gov\\.com)$`);
const FEDERATE_PATH = /^\/connect\/federate\/([^/]+)\/?$/;

const PARTITION_BY_DOMAIN: Readonly<Record<string, AwsPartition>> = {
  'aws.amazon.com': 'aws',
  'amazonaws.cn': 'aws-cn',
  'amazonaws-us-gov.com': 'aws-us-gov',
};

/**
 * Where a URL sits in the Salesforce → AWS sign-in → Amazon Connect chain, from the URL alone
 * (domain.md §1.3 and §4). Never throws: anything that is not an http(s) URL is `other`.
 */
export function classifyHopUrl(url: string): HopKind {
  if (!mayBeChainHost(url)) return 'other';
  const parsed = parseUrl(url);
  if (parsed === undefined) return 'other';
  const { host, path } = parsed;

  if (isSalesforceHost(host)) {
    if (isSalesforceIdpPath(path)) return 'salesforce-idp';
    if (/starturl=/i.test(parsed.rawSearch) && isIdpStartUrl(startUrlOf(parsed.search))) return 'salesforce-login';
    return 'salesforce-other';
  }

  const signin = SIGNIN_HOST.exec(host);
  if (signin !== null) return SIGNIN_SAML_PATH.test(path) ? 'aws-saml' : 'aws-signin-other';

  if (CONSOLE_HOST.test(host)) return FEDERATE_PATH.test(path) ? 'connect-federate' : 'aws-console-other';

  if (connectDomainStyle(host, path) !== undefined) return 'connect-app';
  return 'other';
}

/** True for any Salesforce-owned host name (production, sandbox, Visualforce, sites, setup, login). */
export function isSalesforceHost(host: string): boolean {
  const h = normalizeHost(host);
  return SALESFORCE_DOMAINS.some((domain) => h === domain || h.endsWith(`.${domain}`));
}

/** Recognises the AWS sign-in SAML endpoint (ACS) of every partition, global or regional. */
export function isAwsSamlEndpoint(url: string): AwsSamlEndpoint | undefined {
  const parsed = parseUrl(url);
  if (parsed === undefined) return undefined;
  const match = SIGNIN_HOST.exec(parsed.host);
  if (match === null || !SIGNIN_SAML_PATH.test(parsed.path)) return undefined;
  const partition = PARTITION_BY_DOMAIN[match[2] ?? ''];
  if (partition === undefined) return undefined;
  return { partition, region: match[1], url };
}

/** Reads `https://<region>.console.aws.amazon.com/connect/federate/<instance-id>?destination=...`. */
export function parseConnectFederateUrl(url: string): ConnectFederateTarget | undefined {
  const parsed = parseUrl(url);
  if (parsed === undefined) return undefined;
  const host = CONSOLE_HOST.exec(parsed.host);
  const path = FEDERATE_PATH.exec(parsed.path);
  if (host === null || path === null) return undefined;
  const instanceId = safeDecode(path[1] ?? '');
  const regionParam = parsed.search.get('region') ?? undefined;
  const region = host[1] ?? (regionParam !== undefined && new RegExp(`^${REGION}$`).test(regionParam) ? regionParam : undefined);
  return { region, instanceId, destination: parsed.search.get('destination') ?? undefined };
}

/** The Connect instance alias and which of the three domain styles the app is served from. */
export function connectAppInfo(url: string): ConnectAppInfo | undefined {
  const parsed = parseUrl(url);
  if (parsed === undefined) return undefined;
  const domain = connectDomainStyle(parsed.host, parsed.path);
  if (domain === undefined) return undefined;
  const alias = parsed.host.slice(0, parsed.host.indexOf('.'));
  return { alias, domain, origin: parsed.origin };
}

/**
 * The org's My Domain origin (`https://acme.my.salesforce.com`, sandbox
 * `https://acme--dev.sandbox.my.salesforce.com`) derived from any of its host forms: login,
 * Lightning, Setup or Visualforce (domain.md §1.5). It is the default IdP Issuer, so comparing it
 * with the assertion's Issuer shows a changed My Domain. Undefined for hosts that do not carry
 * the My Domain name (login.salesforce.com, instanced hosts, Experience Cloud sites).
 */
export function extractMyDomain(url: string): string | undefined {
  const parsed = parseUrl(url);
  if (parsed === undefined) return undefined;
  const enhanced = /^([a-z0-9-]+)\.(?:(sandbox|develop|scratch|trailblaze|demo|patch|free)\.)?(my\.salesforce\.com|lightning\.force\.com|my\.salesforce-setup\.com)$/.exec(parsed.host);
  if (enhanced !== null) return myDomainOrigin(enhanced[1] ?? '', enhanced[2]);
  // Visualforce: `<MyDomain>--<namespace>.vf.force.com`, sandbox `<MyDomain>--<Sbx>--<namespace>.sandbox.vf.force.com`,
  // legacy `<MyDomain>--<namespace>.<instance>.visual.force.com`.
  const visualforce = /^([a-z0-9-]+)--[a-z0-9_]+\.(?:(sandbox|develop|scratch|trailblaze|demo|patch|free)\.)?vf\.force\.com$/.exec(parsed.host)
    ?? /^([a-z0-9-]+)--[a-z0-9_]+\.(?:[a-z0-9]+\.)?visual\.force\.com$/.exec(parsed.host);
  if (visualforce !== null) return myDomainOrigin(visualforce[1] ?? '', visualforce[2]);
  const government = /^([a-z0-9-]+)\.my\.salesforce\.mil$/.exec(parsed.host);
  if (government !== null) return `https://${parsed.host}`;
  return undefined;
}

function myDomainOrigin(name: string, partition: string | undefined): string | undefined {
  if (name === '' || name.startsWith('-') || name.endsWith('-')) return undefined;
  return partition === undefined ? `https://${name}.my.salesforce.com` : `https://${name}.${partition}.my.salesforce.com`;
}

/** `/idp/login` and `/idp/endpoint/HttpPost|HttpRedirect`, also under an Experience Cloud site prefix. */
function isSalesforceIdpPath(path: string): boolean {
  return /(?:^|\/)idp\/(?:login|endpoint\/http(?:post|redirect))\/?$/i.test(path);
}

function startUrlOf(search: ParsedUrl['search']): string | undefined {
  let found: string | undefined;
  search.forEach((value, name) => {
    if (found === undefined && name.toLowerCase() === 'starturl') found = value;
  });
  return found;
}

/** The login page remembers where to go after login in `startURL`; for SSO that is `/idp/login?app=...`. */
function isIdpStartUrl(startUrl: string | undefined): boolean {
  if (startUrl === undefined) return false;
  const pathOnly = startUrl.split('?')[0] ?? '';
  return isSalesforceIdpPath(pathOnly.replace(/^[a-z]+:\/\/[^/]+/i, ''));
}

function connectDomainStyle(host: string, path: string): ConnectDomainStyle | undefined {
  if (/^[a-z0-9-]+\.my\.connect\.aws$/.test(host)) return 'my.connect.aws';
  if (/^[a-z0-9-]+\.govcloud\.connect\.aws$/.test(host)) return 'govcloud.connect.aws';
  // awsapps.com also serves IAM Identity Center portals (`/start`): only its `/connect` paths are Connect.
  if (/^[a-z0-9-]+\.awsapps\.com$/.test(host) && /^\/connect(?:\/|$)/.test(path)) return 'awsapps.com';
  return undefined;
}

const CHAIN_HOST_SUFFIXES = [...SALESFORCE_DOMAINS, 'amazon.com', 'amazonaws.cn', 'amazonaws-us-gov.com', 'connect.aws', 'awsapps.com'];

/**
 * A cheap look at the raw authority, so that a HAR's thousands of asset URLs are rejected without
 * a full URL parse. Anything unusual (user info, escapes) goes to the real parser.
 */
function mayBeChainHost(url: string): boolean {
  const authority = /^https?:\/\/([^/?#\\]*)/i.exec(url)?.[1];
  if (authority === undefined) return false;
  if (/[@%]/.test(authority)) return true;
  const host = normalizeHost(authority.replace(/:\d*$/, ''));
  return CHAIN_HOST_SUFFIXES.some((suffix) => host === suffix || host.endsWith(`.${suffix}`));
}

/**
 * Recently parsed URLs. One diagnosis asks about the same few hop URLs from a dozen places
 * (classification, flow facts, several scenarios), and WHATWG URL parsing is not cheap.
 */
const PARSED_URLS = new BoundedMemo<ParsedUrl | undefined>(64);

function parseUrl(url: string): ParsedUrl | undefined {
  return PARSED_URLS.get(url, () => parseUrlOnce(url));
}

function parseUrlOnce(url: string): ParsedUrl | undefined {
  if (!/^https?:\/\//i.test(url)) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const host = normalizeHost(parsed.hostname);
  return { host, path: parsed.pathname, search: parsed.searchParams, rawSearch: parsed.search, origin: parsed.origin };
}

function normalizeHost(host: string): string {
  const lower = host.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

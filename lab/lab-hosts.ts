import type { LabIdentity } from './lab-identity.ts';

/** The real host names the lab answers for (all on one loopback port). */
export interface LabHosts {
  /** Salesforce My Domain: the IdP (`/idp/login`). */
  readonly salesforce: string;
  /** Lightning console: the page that starts SSO in a hidden frame. */
  readonly lightning: string;
  /** Global AWS sign-in (`POST /saml`); regional ones are `<region>.signin.aws.amazon.com`. */
  readonly signIn: string;
  /** Regional AWS console host that serves `/connect/federate/<instance id>`. */
  readonly console: string;
  /** Connect instance host (CCP and home). */
  readonly connect: string;
}

export function labHosts(identity: LabIdentity): LabHosts {
  return {
    salesforce: `${identity.myDomain}.my.salesforce.com`,
    lightning: `${identity.myDomain}.lightning.force.com`,
    signIn: 'signin.aws.amazon.com',
    console: `${identity.region}.console.aws.amazon.com`,
    connect: `${identity.myDomain}.my.connect.aws`,
  };
}

/**
 * Resolver patterns, in the order given to Chromium. `*.signin.aws.amazon.com` does not cover the
 * bare name, so both are listed. No wildcard covers `*.my.connect.aws`: a CCP host other than the
 * instance's must stay unresolvable.
 */
export function labHostPatterns(hosts: LabHosts): readonly string[] {
  return [
    hosts.salesforce,
    hosts.lightning,
    hosts.signIn,
    '*.signin.aws.amazon.com',
    'console.aws.amazon.com',
    '*.console.aws.amazon.com',
    hosts.connect,
  ];
}

/**
 * The exact `--host-resolver-rules` value: no quotes (Playwright passes arguments verbatim and
 * quotes break the first and last rule); everything else fails to resolve, so nothing reaches the
 * internet.
 */
export function hostResolverRules(hosts: LabHosts, port: number): string {
  const maps = labHostPatterns(hosts).map((pattern) => `MAP ${pattern} 127.0.0.1:${port}`);
  return [...maps, 'MAP * ~NOTFOUND', 'EXCLUDE localhost', 'EXCLUDE 127.0.0.1'].join(', ');
}

const REGIONAL_SIGN_IN = /^([a-z]{2}(?:-[a-z]+)+-\d+)\.signin\.aws\.amazon\.com$/;
const REGIONAL_CONSOLE = /^([a-z]{2}(?:-[a-z]+)+-\d+)\.console\.aws\.amazon\.com$/;

/** Which lab service a request's Host header addresses. */
export type LabService =
  | { readonly kind: 'salesforce' }
  | { readonly kind: 'lightning' }
  | { readonly kind: 'sign-in'; readonly region: string; readonly origin: string }
  | { readonly kind: 'console'; readonly region: string }
  | { readonly kind: 'connect' }
  | { readonly kind: 'unknown' };

export function serviceForHost(host: string, hosts: LabHosts): LabService {
  if (host === hosts.salesforce) return { kind: 'salesforce' };
  if (host === hosts.lightning) return { kind: 'lightning' };
  // The global endpoint is served from us-east-1 (AWS Sign-In endpoints table).
  if (host === hosts.signIn) return { kind: 'sign-in', region: 'us-east-1', origin: `https://${host}` };
  const signIn = REGIONAL_SIGN_IN.exec(host);
  if (signIn?.[1] !== undefined) return { kind: 'sign-in', region: signIn[1], origin: `https://${host}` };
  if (host === 'console.aws.amazon.com') return { kind: 'console', region: 'us-east-1' };
  const regionalConsole = REGIONAL_CONSOLE.exec(host);
  if (regionalConsole?.[1] !== undefined) return { kind: 'console', region: regionalConsole[1] };
  if (host === hosts.connect) return { kind: 'connect' };
  return { kind: 'unknown' };
}

/** Host names the TLS certificate names (wildcards included). */
export function tlsHostNames(hosts: LabHosts): readonly string[] {
  return labHostPatterns(hosts);
}

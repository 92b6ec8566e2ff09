import type { SamlAnalysis } from '../analysis/saml-analysis.ts';
import {
  extractMyDomain,
  isAwsSamlEndpoint,
  parseConnectFederateUrl,
  type AwsSamlEndpoint,
  type ConnectFederateTarget,
} from '../flow/classify-hop-url.ts';
import type { Hop, PageClassification, PageReading } from '../flow/flow.ts';
import type { AwsRolePair, SamlAssertion, SamlResponse } from '../message/saml-message.ts';
import type { AnalyzedFlow } from './analyzed-flow.ts';
import type { DiagnosisContext } from './diagnosis-context.ts';
import { PerDiagnosisMemo } from './per-diagnosis-memo.ts';

/** A hop that carried a SAML Response we could read. */
export interface SamlResponseHop {
  readonly hop: Hop;
  readonly analysis: SamlAnalysis;
  readonly response: SamlResponse;
}

export interface PageHop {
  readonly hop: Hop;
  readonly page: PageReading;
}

/**
 * The values scenarios keep needing, read once from an analysed flow and the context: the SAML
 * hop, the first assertion, the Role pair, where the flow was going (region, instance) and how far
 * it got. Remediation commands are filled in from these.
 */
export interface FlowFacts {
  /** Every hop with a readable SAML Response, in flow order. */
  readonly samlHops: readonly SamlResponseHop[];
  /** The last of them: the attempt whose outcome the flow shows. */
  readonly primary: SamlResponseHop | undefined;
  /** The primary Response's first assertion (what AWS reads the identity from). */
  readonly assertion: SamlAssertion | undefined;
  /** The first Role value's pair. */
  readonly role: AwsRolePair | undefined;
  readonly roleSessionName: string | undefined;
  /** The Response Issuer, else the assertion Issuer. */
  readonly issuer: string | undefined;
  /** The AWS sign-in endpoint the primary response was posted to. */
  readonly samlEndpoint: AwsSamlEndpoint | undefined;
  /** The Connect federate target, from a federate hop or the RelayState. */
  readonly federate: ConnectFederateTarget | undefined;
  /** Region of the Connect instance: context, else the federate URL, else the sign-in endpoint. */
  readonly connectRegion: string | undefined;
  /** Region of the sign-in endpoint posted to (the global endpoint is us-east-1, domain.md §4.2). */
  readonly signinRegion: string | undefined;
  readonly instanceId: string | undefined;
  /** `https://<name>.my.salesforce.com` from a Salesforce hop of the flow. */
  readonly myDomain: string | undefined;
  /** Every hop that showed a page we could read, in flow order. */
  readonly pages: readonly PageHop[];
  /** True when the flow got to the Connect application (home or CCP) without an error. */
  readonly reachedConnect: boolean;
}

/**
 * Facts already read for the flow being diagnosed. Every scenario asks for them, so one diagnosis
 * would otherwise read them some thirty times; see PerDiagnosisMemo for why this is not a WeakMap.
 */
const READ = new PerDiagnosisMemo<AnalyzedFlow, DiagnosisContext, FlowFacts>();

export function readFlowFacts(analyzed: AnalyzedFlow, context: DiagnosisContext): FlowFacts {
  return READ.get(analyzed, context, () => computeFlowFacts(analyzed, context));
}

function computeFlowFacts(analyzed: AnalyzedFlow, context: DiagnosisContext): FlowFacts {
  const samlHops: SamlResponseHop[] = [];
  for (const { hop, saml } of analyzed.hops) {
    if (saml?.message?.kind === 'Response') samlHops.push({ hop, analysis: saml, response: saml.message });
  }
  const primary = samlHops.at(-1);
  // A Response whose status is not Success is the IdP's refusal: its assertion (if any) is not
  // what AWS would evaluate, so attribute and time checks must not run on it.
  const statusCode = primary?.response.status?.code;
  const refused = statusCode !== undefined && statusCode !== 'urn:oasis:names:tc:SAML:2.0:status:Success';
  const assertion = refused ? undefined : primary?.response.assertions[0];
  const role = assertion?.aws.roles[0];
  const hops = analyzed.flow.hops;

  const samlEndpoint = primary === undefined ? undefined : isAwsSamlEndpoint(primary.hop.url);
  const federate = findFederateTarget(hops);
  const signinRegion = samlEndpoint === undefined ? undefined : (samlEndpoint.region ?? (samlEndpoint.partition === 'aws' ? 'us-east-1' : undefined));
  const pages = hops.flatMap((hop) => (hop.page === undefined ? [] : [{ hop, page: hop.page }]));

  return {
    samlHops,
    primary,
    assertion,
    role,
    roleSessionName: assertion?.aws.roleSessionName?.[0],
    issuer: primary?.response.issuer ?? assertion?.issuer,
    samlEndpoint,
    federate,
    connectRegion: context.region ?? federate?.region ?? samlEndpoint?.region,
    signinRegion,
    instanceId: context.instanceId ?? federate?.instanceId,
    myDomain: firstDefined(hops, (hop) => (hop.kind.startsWith('salesforce') ? extractMyDomain(hop.url) : undefined)),
    pages,
    reachedConnect: analyzed.flow.closeReason === 'reached-connect' || hops.some(isConnectSuccess),
  };
}

/** The first page of the given classifications, with its hop. */
export function findPage(facts: FlowFacts, ...classifications: readonly PageClassification[]): PageHop | undefined {
  return facts.pages.find((entry) => classifications.includes(entry.page.classification));
}

/** A value, or a `<placeholder>` the admin replaces, for commands. */
export function orPlaceholder(value: string | undefined, placeholder: string): string {
  return value === undefined || value === '' ? `<${placeholder}>` : value;
}

function isConnectSuccess(hop: Hop): boolean {
  return hop.kind === 'connect-app' && hop.networkError === undefined && hop.page === undefined && (hop.status === undefined || hop.status < 400);
}

function findFederateTarget(hops: readonly Hop[]): ConnectFederateTarget | undefined {
  for (const hop of hops) {
    if (hop.kind !== 'connect-federate') continue;
    const target = parseConnectFederateUrl(hop.url);
    if (target !== undefined) return target;
  }
  for (const hop of hops) {
    const relayState = hop.saml?.RelayState;
    const target = relayState === undefined ? undefined : parseConnectFederateUrl(relayState);
    if (target !== undefined) return target;
  }
  return undefined;
}

function firstDefined<T>(hops: readonly Hop[], pick: (hop: Hop) => T | undefined): T | undefined {
  for (const hop of hops) {
    const value = pick(hop);
    if (value !== undefined) return value;
  }
  return undefined;
}

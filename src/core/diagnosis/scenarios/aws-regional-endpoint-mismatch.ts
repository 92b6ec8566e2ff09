import { isAwsSamlEndpoint, parseConnectFederateUrl } from '../../flow/classify-hop-url.ts';
import { BoundedMemo } from '../../certificate/bounded-memo.ts';
import { createFinding, type EvidenceInit } from '../create-finding.ts';
import { orPlaceholder, readFlowFacts } from '../read-flow-facts.ts';
import { CONSOLE_PATHS, retestStep } from '../remediation-steps.ts';
import type { Scenario } from '../scenario.ts';
import { SEED_SOURCES } from '../seed-sources.ts';

const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';

/**
 * Seed 004 "ACS URL and Regional Endpoint Issues" / Q13, domain.md §4.2: the browser posted the
 * response to one AWS sign-in endpoint while the response names another as Recipient or
 * Destination (AWS requires the Recipient to be the URL posted to, and takes SAML:aud from it), or
 * a regional endpoint serves a Connect instance of another region (RelayState, context).
 */
export const awsRegionalEndpointMismatch: Scenario = {
  id: 'aws-regional-endpoint-mismatch',
  rank: 43,
  detect(analyzed, context) {
    const facts = readFlowFacts(analyzed, context);
    const primary = facts.primary;
    if (primary === undefined) return [];
    const hopId = primary.hop.id;
    const recipients = (facts.assertion?.subject?.confirmations ?? [])
      .filter((confirmation) => confirmation.method === undefined || confirmation.method === BEARER)
      .flatMap((confirmation) => (confirmation.recipient === undefined ? [] : [confirmation.recipient]));
    const destination = primary.response.destination;

    // A pasted message was posted nowhere (its hop URL is assumed): its addresses can only be
    // compared with each other, taking the first AWS sign-in URL among them as the reference.
    const pasted = analyzed.flow.source === 'message';
    const postedTo = pasted ? [...recipients, destination].find((url) => url !== undefined && isAwsSamlEndpoint(url) !== undefined) : facts.samlEndpoint?.url;
    const endpoint = postedTo === undefined ? undefined : isAwsSamlEndpoint(postedTo);
    if (postedTo === undefined || endpoint === undefined) return [];

    const addressed: EvidenceInit[] = [];
    const named = new Set<string>();
    for (const recipient of recipients) {
      if (sameEndpoint(recipient, postedTo) || isLegacyRecipient(recipient, postedTo)) continue;
      named.add(recipient);
      addressed.push({ label: 'Recipient', observed: recipient, expected: postedTo, hopId, field: 'saml:Assertion/saml:Subject/saml:SubjectConfirmation/saml:SubjectConfirmationData/@Recipient' });
    }
    if (destination !== undefined && !sameEndpoint(destination, postedTo) && !isLegacyRecipient(destination, postedTo)) {
      named.add(destination);
      addressed.push({ label: 'Destination', observed: destination, expected: postedTo, hopId, field: 'samlp:Response/@Destination' });
    }

    const regional: EvidenceInit[] = [];
    const relayState = primary.hop.saml?.RelayState;
    const relayRegion = relayState === undefined ? undefined : parseConnectFederateUrl(relayState)?.region;
    if (endpoint.region !== undefined) {
      if (relayRegion !== undefined && relayRegion !== endpoint.region) {
        regional.push({ label: 'RelayState region', observed: `${relayRegion} (${relayState ?? ''})`, expected: endpoint.region, hopId, field: 'RelayState' });
      }
      if (context.region !== undefined && context.region !== endpoint.region && context.region !== relayRegion) {
        regional.push({ label: 'Connect instance region', observed: context.region, expected: endpoint.region });
      }
    }
    if (addressed.length === 0 && regional.length === 0) return [];

    const endpointRegion = endpoint.region ?? (endpoint.partition === 'aws' ? 'us-east-1' : undefined);
    const connectRegion = context.region ?? relayRegion ?? facts.connectRegion ?? endpointRegion;
    const wantedEndpoint = connectRegion !== undefined && endpoint.partition === 'aws' ? regionalUrl(connectRegion) : postedTo;
    const audiences = [...new Set([globalUrl(endpoint.partition), postedTo, ...[...named].filter((url) => isAwsSamlEndpoint(url) !== undefined)])];
    const roleName = orPlaceholder(facts.role?.roleName, 'contact-center-SAMLRole');

    return [
      createFinding('aws-regional-endpoint-mismatch', {
        severity: addressed.length > 0 ? 'error' : 'warning',
        basis: 'predicted',
        title:
          addressed.length > 0
            ? pasted
              ? `The response is addressed both to ${postedTo} and to ${[...named].join(' and ')}`
              : `The response was posted to ${postedTo} but is addressed to ${[...named].join(' and ')}`
            : `The regional sign-in endpoint ${postedTo} does not match the Connect instance's region`,
        summary:
          'Your sign-in was sent to one Amazon Web Services sign-in address while it was made out for another. Ask your Salesforce admin and your AWS admin to use the same regional sign-in address everywhere.',
        cause:
          addressed.length > 0
            ? 'AWS only accepts a response whose Recipient (and Destination) is the sign-in URL it was posted to, and it checks the role\'s trust policy condition SAML:aud against that Recipient. Here the connected app\'s ACS URL and the URL the form posts to disagree (one global, one regional, or two regions), so the check fails, typically with "Not authorized to perform sts:AssumeRoleWithSAML".'
            : 'A regional sign-in endpoint was used for a Connect instance in another region. AWS recommends the endpoint of the instance\'s own region, and the relay state, the ACS URL and the trust policy\'s SAML:aud condition should all name that same region.',
        evidence: [pasted ? undefined : { label: 'Posted to', observed: postedTo, hopId, field: 'URL' }, ...addressed, ...regional],
        remediation: [
          {
            actor: 'salesforce-admin',
            text: `Set the connected app's ACS URL to ${wantedEndpoint} so that the form action, the Recipient and the Destination are the same URL.`,
            consolePath: `${CONSOLE_PATHS.connectedApp} → Edit → SAML Service Provider Settings → ACS URL`,
          },
          connectRegion !== undefined && relayRegion !== undefined && relayRegion !== connectRegion
            ? {
                actor: 'salesforce-admin',
                text: `Point the relay state at the instance's region: https://${connectRegion}.console.aws.amazon.com/connect/federate/${orPlaceholder(facts.instanceId, 'instance-id')}.`,
              }
            : undefined,
          {
            actor: 'aws-admin',
            text: `Allow every sign-in URL in use in the trust policy of the role ${roleName}: save the policy, make its condition read ${JSON.stringify({ StringEquals: { 'SAML:aud': audiences } })}, and upload it again.`,
            consolePath: `AWS Management Console → IAM → Roles → ${roleName} → Trust relationships → Edit trust policy`,
            command: `aws iam get-role --role-name ${roleName} --query Role.AssumeRolePolicyDocument > trust-policy.json && aws iam update-assume-role-policy --role-name ${roleName} --policy-document file://trust-policy.json`,
          },
          retestStep(),
        ],
        sources: [SEED_SOURCES.awsIamSamlErrorsGuide],
      }),
    ];
  },
};

/** The few endpoint URLs a diagnosis compares, normalised once each (a bounded cache, not state). */
const NORMALIZED_URLS = new BoundedMemo<string>(64);

function normalizeUrl(url: string): string {
  return NORMALIZED_URLS.get(url, () => normalizeUrlOnce(url));
}

function normalizeUrlOnce(url: string): string {
  try {
    const parsed = new URL(url.trim());
    return `${parsed.protocol}//${parsed.host.toLowerCase()}${parsed.pathname.replace(/\/+$/, '')}`;
  } catch {
    return url.trim();
  }
}

function sameEndpoint(a: string, b: string): boolean {
  return normalizeUrl(a) === normalizeUrl(b);
}

/** `https://signin.aws.amazon.com/static/saml` is an older Recipient for the global endpoint (domain.md §4.2). */
function isLegacyRecipient(value: string, postedTo: string): boolean {
  return normalizeUrl(value) === 'https://signin.aws.amazon.com/static/saml' && normalizeUrl(postedTo) === 'https://signin.aws.amazon.com/saml';
}

function globalUrl(partition: 'aws' | 'aws-cn' | 'aws-us-gov'): string {
  if (partition === 'aws-cn') return 'https://signin.amazonaws.cn/saml';
  if (partition === 'aws-us-gov') return 'https://signin.amazonaws-us-gov.com/saml';
  return 'https://signin.aws.amazon.com/saml';
}

function regionalUrl(region: string): string {
  return `https://${region}.signin.aws.amazon.com/saml`;
}

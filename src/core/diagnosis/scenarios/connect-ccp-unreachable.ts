import { connectAppInfo } from '../../flow/classify-hop-url.ts';
import type { Hop } from '../../flow/flow.ts';
import { isSoftNetworkError } from '../../flow/is-soft-network-error.ts';
import { createFinding } from '../create-finding.ts';
import { orPlaceholder, readFlowFacts } from '../read-flow-facts.ts';
import { retestStep } from '../remediation-steps.ts';
import type { Scenario } from '../scenario.ts';
import { SEED_SOURCES } from '../seed-sources.ts';

/**
 * Seed 000 (closing note): sign-in works but the CCP host does not load, typically
 * `net::ERR_NAME_NOT_RESOLVED`. Fires on a network error at a Connect application hop, or at any
 * hop after the Connect federate step.
 */
export const connectCcpUnreachable: Scenario = {
  id: 'connect-ccp-unreachable',
  rank: 89,
  detect(analyzed, context) {
    const hops = analyzed.flow.hops;
    const federateAt = hops.findIndex((hop) => hop.kind === 'connect-federate');
    const failed = hops.find((hop, index) => hop.networkError !== undefined && !isSoftNetworkError(hop.networkError) && (hop.kind === 'connect-app' || (federateAt >= 0 && index > federateAt)));
    if (failed?.networkError === undefined) return [];
    const facts = readFlowFacts(analyzed, context);
    const host = hostOf(failed);
    const dns = /NAME_NOT_RESOLVED|NAME_RESOLUTION_FAILED|DNS/i.test(failed.networkError);
    const alias = connectAppInfo(failed.url)?.alias;
    return [
      createFinding('connect-ccp-unreachable', {
        basis: 'observed',
        title: `The Amazon Connect host ${host} could not be reached after sign-in (${failed.networkError})`,
        summary: `You signed in, but your browser could not load Amazon Connect's phone panel from ${host}. Ask your contact center admin to check the Connect address configured in Salesforce and that your network allows it.`,
        cause: dns
          ? `The browser could not resolve ${host}. The contact center in Salesforce points to a Connect address that does not exist (wrong instance alias or domain, or a deleted instance), or a DNS filter blocks Amazon Connect domains.`
          : `The connection to ${host} failed. A proxy, firewall, VPN or browser extension is blocking Amazon Connect, or the network dropped.`,
        evidence: [
          { label: 'Network error', observed: failed.networkError, expected: 'the Connect page loads', hopId: failed.id, field: 'URL' },
          { label: 'Connect host', observed: host, hopId: failed.id },
          alias === undefined ? undefined : { label: 'Instance alias in the host name', observed: alias, hopId: failed.id },
        ],
        remediation: [
          {
            actor: 'connect-admin',
            text: `Check from the agent's network whether ${host} resolves.`,
            command: `nslookup ${host}`,
          },
          {
            actor: 'aws-admin',
            text: 'Compare the host with the instance\'s real alias; the Connect address used by the contact center must be built from it.',
            command: `aws connect describe-instance --instance-id ${orPlaceholder(facts.instanceId, 'instance-id')} --region ${orPlaceholder(facts.connectRegion, 'region')} --query Instance.InstanceAlias`,
          },
          {
            actor: 'salesforce-admin',
            text: 'Check the Amazon Connect instance settings of the contact center in Salesforce, and see Salesforce\'s knowledge article on CCP loading failures with net::ERR_NAME_NOT_RESOLVED for contact centers whose metadata points to the wrong domain.',
            consolePath: 'Setup → Contact Centers → Amazon Contact Centers → <contact center>',
          },
          {
            actor: 'connect-admin',
            text: 'Make sure proxies, firewalls and DNS filters allow *.my.connect.aws and *.awsapps.com (and their secure WebSocket connections).',
          },
          retestStep(),
        ],
        sources: [SEED_SOURCES.salesforceVoiceSsoErrors],
      }),
    ];
  },
};

function hostOf(hop: Hop): string {
  try {
    return new URL(hop.url).host;
  } catch {
    return hop.url;
  }
}

import { createFinding } from '../create-finding.ts';
import { readFlowFacts } from '../read-flow-facts.ts';
import type { Scenario } from '../scenario.ts';
import { SEED_SOURCES } from '../seed-sources.ts';

/**
 * The all-clear. Fires when the flow reached the Amazon Connect application, or for a lone SAML
 * response (CLI, pasted value) that could be read; `diagnose` keeps it only when no other error
 * or warning was found.
 */
export const ssoHealthy: Scenario = {
  id: 'sso-healthy',
  rank: 100,
  detect(analyzed, context) {
    const facts = readFlowFacts(analyzed, context);
    const lone = analyzed.flow.source === 'message';
    if (!facts.reachedConnect && !(lone && facts.primary !== undefined)) return [];
    const connect = analyzed.flow.hops.find((hop) => hop.kind === 'connect-app' && hop.networkError === undefined && hop.page === undefined);
    return [
      createFinding('sso-healthy', {
        severity: 'info',
        basis: facts.reachedConnect ? 'observed' : 'predicted',
        title: facts.reachedConnect ? 'Single sign-on into Amazon Connect works' : 'Nothing in this SAML response would make AWS or Amazon Connect refuse it',
        summary: facts.reachedConnect
          ? 'Sign-in to Amazon Connect worked. If the dial pad is still grayed out, log out of Amazon Connect, hard-reload the Salesforce console and set your status again.'
          : 'No problem was found in this sign-in message. Checks that need the live services (Connect users, role permissions) were done only where their data was given.',
        cause: facts.reachedConnect
          ? 'AWS accepted the assertion and Amazon Connect opened; no check found a problem.'
          : 'The response decodes, is well formed and passes every check sso-doctor can make without the live services.',
        evidence: [
          connect === undefined ? undefined : { label: 'Amazon Connect', observed: connect.url, hopId: connect.id },
          facts.roleSessionName === undefined ? undefined : { label: 'RoleSessionName', observed: facts.roleSessionName, hopId: facts.primary?.hop.id },
          facts.issuer === undefined ? undefined : { label: 'Issuer', observed: facts.issuer, hopId: facts.primary?.hop.id },
        ],
        remediation: facts.reachedConnect
          ? [
              {
                actor: 'agent',
                text: 'If Omni-Channel still shows a grayed-out dial pad: log out of Amazon Connect, open the console page with Omni-Channel, empty the cache and hard-reload it, then set your status to Available again.',
              },
            ]
          : [],
        sources: [SEED_SOURCES.salesforceVoiceSsoErrors],
      }),
    ];
  },
};

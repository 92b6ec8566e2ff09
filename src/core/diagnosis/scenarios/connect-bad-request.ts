import { createFinding } from '../create-finding.ts';
import { findPage, readFlowFacts } from '../read-flow-facts.ts';
import { CONSOLE_PATHS, retestStep } from '../remediation-steps.ts';
import type { Scenario } from '../scenario.ts';
import { SEED_SOURCES } from '../seed-sources.ts';

/**
 * Connect's "Bad Request": the browser signed in to Connect before through another IAM role or
 * identity provider (domain.md §3.3, AWS Connect troubleshooting); Connect federation uses one
 * role only (seed 004).
 */
export const connectBadRequest: Scenario = {
  id: 'connect-bad-request',
  rank: 83,
  detect(analyzed, context) {
    const facts = readFlowFacts(analyzed, context);
    const seen = findPage(facts, 'connect-bad-request');
    if (seen === undefined) return [];
    const roles = facts.assertion?.aws.roleValues;
    return [
      createFinding('connect-bad-request', {
        basis: 'observed',
        title: 'Amazon Connect: "Bad Request" — an earlier sign-in through another role or identity provider is in the way',
        summary:
          'Amazon Connect rejected the sign-in because your browser still holds an older Connect session. Log out of Amazon Connect, clear its cookies and open the Telephony Provider Settings link again; if that does not help, ask your admin.',
        cause:
          'Connect refuses a federation request when the browser already signed in to the instance through a different IAM role or identity provider combination. Connect federation expects a single role, so a Role attribute with several values or a changed role produces the same page.',
        evidence: [
          { label: 'Amazon Connect page', observed: seen.page.excerpt, hopId: seen.hop.id },
          roles === undefined
            ? undefined
            : {
                label: 'Role attribute values',
                observed: `${String(roles.length)}: ${roles.join(' | ')}`,
                expected: 'exactly one role and provider pair',
                hopId: facts.primary?.hop.id,
                field: 'Attribute https://aws.amazon.com/SAML/Attributes/Role',
              },
        ],
        remediation: [
          {
            actor: 'agent',
            text: 'Log out of Amazon Connect (your user name, top right, then Log out), clear the browser\'s cookies for the Connect and AWS console sites, and close the Connect tabs.',
          },
          retestStep(),
          {
            actor: 'salesforce-admin',
            text: 'If it persists, make sure the connected app sends exactly one Role value and that it is the role the contact center always used.',
            consolePath: CONSOLE_PATHS.connectedAppAttributes,
          },
        ],
        sources: [SEED_SOURCES.awsTroubleshootConnectSaml, SEED_SOURCES.awsIamSamlErrorsGuide],
      }),
    ];
  },
};

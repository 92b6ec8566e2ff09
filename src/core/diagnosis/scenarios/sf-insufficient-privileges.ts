import { createFinding } from '../create-finding.ts';
import { findPage, readFlowFacts } from '../read-flow-facts.ts';
import { CONSOLE_PATHS, retestStep } from '../remediation-steps.ts';
import type { Scenario } from '../scenario.ts';
import { SEED_SOURCES } from '../seed-sources.ts';

/** Seed 000, error #1: Salesforce answers the SSO link with "Insufficient Privileges". */
export const sfInsufficientPrivileges: Scenario = {
  id: 'sf-insufficient-privileges',
  rank: 10,
  detect(analyzed, context) {
    const facts = readFlowFacts(analyzed, context);
    const seen = findPage(facts, 'sf-insufficient-privileges');
    if (seen === undefined) return [];
    const app = connectedAppId(seen.hop.url);
    return [
      createFinding('sf-insufficient-privileges', {
        basis: 'observed',
        title: 'Salesforce refused the SSO link: the user has no access to the contact center\'s SSO connected app',
        summary:
          'Salesforce did not let you start the sign-in to Amazon Connect because your user is not allowed to use the contact center\'s single sign-on app. Ask your Salesforce admin to assign you the contact center permission set (for example Salesforce Voice).',
        cause:
          'Neither the user\'s profile is listed on the SSO connected app\'s Manage page, nor is a permission set that grants the app (such as the Salesforce Voice permission set) assigned to the user, so the identity provider will not issue an assertion for them.',
        evidence: [
          { label: 'Salesforce page', observed: seen.page.excerpt, expected: 'an auto-submitting form that posts a SAMLResponse to AWS sign-in', hopId: seen.hop.id },
          { label: 'SSO link (idp/login)', observed: seen.hop.url, hopId: seen.hop.id, field: 'URL' },
          app === undefined ? undefined : { label: 'Connected app id', observed: app, hopId: seen.hop.id, field: 'app' },
        ],
        remediation: [
          {
            actor: 'salesforce-admin',
            text: 'Assign the user a permission set that includes the contact center\'s SSO connected app, for example the Salesforce Voice permission set that Salesforce links to the app when the contact center is created.',
            consolePath: 'Setup → Users → <user> → Permission Set Assignments → Edit Assignments',
          },
          {
            actor: 'salesforce-admin',
            text: 'Alternatively, add the user\'s profile to the connected app\'s allowed profiles.',
            consolePath: `${CONSOLE_PATHS.connectedApp} → Manage → Profiles → Manage Profiles`,
          },
          {
            actor: 'salesforce-admin',
            text: 'If permission sets are used, confirm the permission set is listed on the same page.',
            consolePath: `${CONSOLE_PATHS.connectedApp} → Manage → Permission Sets → Manage Permission Sets`,
          },
          retestStep(),
        ],
        sources: [SEED_SOURCES.salesforceVoiceSsoErrors, SEED_SOURCES.salesforceConfigureSso],
      }),
    ];
  },
};

function connectedAppId(url: string): string | undefined {
  return /[?&]app=([A-Za-z0-9]+)/.exec(url)?.[1];
}

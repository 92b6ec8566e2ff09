import { createFinding } from '../create-finding.ts';
import { findPage, readFlowFacts } from '../read-flow-facts.ts';
import { retestStep } from '../remediation-steps.ts';
import type { Scenario } from '../scenario.ts';
import { SEED_SOURCES } from '../seed-sources.ts';

/**
 * Seed 002 / seed 004: Connect's "Session expired". Connect with SAML is IdP-initiated only, so
 * opening Connect directly shows it, as does a session past its maximum (12 h in seed 004).
 */
export const connectSessionExpired: Scenario = {
  id: 'connect-session-expired',
  rank: 84,
  detect(analyzed, context) {
    const facts = readFlowFacts(analyzed, context);
    const seen = findPage(facts, 'connect-session-expired');
    if (seen === undefined) return [];
    const seenAt = analyzed.flow.hops.indexOf(seen.hop);
    const signedInFirst = analyzed.flow.hops.slice(0, seenAt).some((hop) => hop.kind === 'aws-saml');
    return [
      createFinding('connect-session-expired', {
        basis: 'observed',
        title: signedInFirst
          ? 'Amazon Connect: "Session expired" right after the SAML sign-in'
          : 'Amazon Connect: "Session expired" — Connect was opened without signing in through Salesforce',
        summary:
          'Your Amazon Connect session has ended, or Connect was opened directly. Open the Telephony Provider Settings link (or reload the Salesforce console) to sign in again through Salesforce.',
        cause: signedInFirst
          ? 'The Connect session token was stale when the page loaded: an old Connect tab or cached session outlived its maximum length (sessions end after at most 12 hours, and Connect cannot renew them on its own).'
          : 'Connect instances that use SAML accept only sign-ins that start at the identity provider. Opening a Connect URL directly, from a bookmark or an old tab, shows "Session expired" because there is no session to resume.',
        evidence: [
          { label: 'Amazon Connect page', observed: seen.page.excerpt, hopId: seen.hop.id },
          { label: 'SAML sign-in before the page', observed: signedInFirst ? 'yes' : 'no', expected: 'yes: the sign-in starts at Salesforce (idp/login) and goes through AWS sign-in' },
        ],
        remediation: [
          {
            actor: 'agent',
            text: 'Start from Salesforce, not from a Connect bookmark: log out of Amazon Connect, then in the Salesforce console empty the cache and hard-reload the page, and set your Omni-Channel status again.',
          },
          retestStep(),
          {
            actor: 'salesforce-admin',
            text: 'If it happens right after every sign-in, check that the relay state of the contact center\'s SSO link points to this instance\'s federate URL.',
          },
        ],
        sources: [SEED_SOURCES.awsTroubleshootConnectSaml, SEED_SOURCES.awsIamSamlErrorsGuide, SEED_SOURCES.salesforceVoiceSsoErrors],
      }),
    ];
  },
};

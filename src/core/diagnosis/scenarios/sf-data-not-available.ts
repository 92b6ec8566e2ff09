import { createFinding } from '../create-finding.ts';
import { findPage, readFlowFacts } from '../read-flow-facts.ts';
import { CONSOLE_PATHS, replaceMetadataSteps, retestStep } from '../remediation-steps.ts';
import type { Scenario } from '../scenario.ts';
import { SEED_SOURCES } from '../seed-sources.ts';

/** Seed 000, error #2: "Data Not Available" at idp/login, the connected app's IdP certificate is gone. */
export const sfDataNotAvailable: Scenario = {
  id: 'sf-data-not-available',
  rank: 11,
  detect(analyzed, context) {
    const facts = readFlowFacts(analyzed, context);
    const seen = findPage(facts, 'sf-data-not-available');
    if (seen === undefined) return [];
    return [
      createFinding('sf-data-not-available', {
        basis: 'observed',
        title: 'Salesforce could not build the SAML response: the connected app\'s IdP certificate was deleted',
        summary:
          'Salesforce could not create your sign-in for Amazon Connect because a certificate it signs with is missing. Ask your Salesforce admin to choose a new certificate for the contact center\'s single sign-on app.',
        cause:
          'The self-signed certificate chosen in the IdP Certificate field of the contact center\'s SSO connected app no longer exists, so Salesforce has nothing to sign the assertion with and shows "Data Not Available" instead. (If the certificate is still there, check that Identity Provider is enabled in Setup.)',
        evidence: [
          { label: 'Salesforce page', observed: seen.page.excerpt, expected: 'an auto-submitting form that posts a SAMLResponse to AWS sign-in', hopId: seen.hop.id },
          { label: 'SSO link (idp/login)', observed: seen.hop.url, hopId: seen.hop.id, field: 'URL' },
        ],
        remediation: [
          {
            actor: 'salesforce-admin',
            text: 'Edit the contact center\'s connected app and look at the IdP Certificate field: a record id starting with 0P1 instead of a certificate name confirms that the certificate was deleted.',
            consolePath: `${CONSOLE_PATHS.connectedApp} → Edit`,
          },
          {
            actor: 'salesforce-admin',
            text: 'Create a new self-signed certificate, or pick another valid one.',
            consolePath: `${CONSOLE_PATHS.certificates} → Create Self-Signed Certificate`,
          },
          {
            actor: 'salesforce-admin',
            text: 'Select that certificate in the connected app\'s IdP Certificate field and save.',
            consolePath: `${CONSOLE_PATHS.connectedApp} → Edit → IdP Certificate`,
          },
          {
            actor: 'salesforce-admin',
            text: 'Select the same certificate for the Identity Provider, so that the metadata AWS gets matches what the app signs with.',
            consolePath: `${CONSOLE_PATHS.identityProvider} → Edit`,
          },
          ...replaceMetadataSteps(facts),
          retestStep(),
        ],
        sources: [SEED_SOURCES.salesforceVoiceSsoErrors, SEED_SOURCES.salesforceContactCenterCertificates],
      }),
    ];
  },
};

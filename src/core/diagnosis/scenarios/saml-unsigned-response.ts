import { elementPath } from '../../signature/element-path.ts';
import { createFinding } from '../create-finding.ts';
import { readFlowFacts } from '../read-flow-facts.ts';
import { CONSOLE_PATHS, retestStep } from '../remediation-steps.ts';
import type { Scenario } from '../scenario.ts';
import { SEED_SOURCES } from '../seed-sources.ts';

/**
 * Neither the Response nor any Assertion carries a ds:Signature. AWS validates the IdP's signature
 * against the IAM metadata (seed 004, how federation works), so an unsigned response cannot be
 * accepted; Salesforce itself signs both (domain.md §5.4). Encrypted assertions are skipped: their
 * signature may sit inside the ciphertext.
 */
export const samlUnsignedResponse: Scenario = {
  id: 'saml-unsigned-response',
  rank: 12,
  detect(analyzed, context) {
    const facts = readFlowFacts(analyzed, context);
    const primary = facts.primary;
    if (primary === undefined) return [];
    const response = primary.response;
    if (response.assertions.length === 0 || response.encryptedAssertionCount > 0) return [];

    const checks = primary.analysis.signatures?.signatures ?? [];
    const carriers = new Set([elementPath(response.element), ...response.assertions.map((assertion) => elementPath(assertion.element))]);
    if (checks.some((check) => carriers.has(check.parentPath))) return [];
    const elsewhere = checks.map((check) => check.parentPath);

    return [
      createFinding('saml-unsigned-response', {
        basis: 'predicted',
        title: 'The SAML response is not signed',
        summary:
          'Your sign-in message carries no digital signature, so Amazon Web Services cannot trust it and refuses it. Ask your Salesforce admin to check the single sign-on app; a message from Salesforce is always signed, so this one may not come from Salesforce unchanged.',
        cause:
          'AWS only accepts a response whose signature verifies with the certificate in the IAM identity provider\'s metadata. This response has no signature on the Response element nor on the Assertion. Salesforce signs both, so the message came from another (misconfigured) identity provider, from a test tool, or was rebuilt on the way.',
        evidence: [
          { label: 'Signature on the Response', observed: 'none', expected: 'an enveloped ds:Signature', hopId: primary.hop.id, field: 'samlp:Response/ds:Signature' },
          { label: 'Signature on the Assertion', observed: 'none', expected: 'an enveloped ds:Signature', hopId: primary.hop.id, field: 'saml:Assertion/ds:Signature' },
          elsewhere.length === 0 ? undefined : { label: 'Signatures elsewhere in the document', observed: elsewhere.join(', '), hopId: primary.hop.id },
        ],
        remediation: [
          {
            actor: 'salesforce-admin',
            text: 'Open the contact center\'s connected app and check that an IdP Certificate is selected; Salesforce signs the SAML response with it. If the sign-in goes through another identity provider, set that provider to sign the response (or both the response and the assertion).',
            consolePath: `${CONSOLE_PATHS.connectedApp} → IdP Certificate`,
          },
          {
            actor: 'salesforce-admin',
            text: 'If the configuration is right, treat this message as suspicious: find out which system produced it before anyone retries.',
          },
          retestStep(),
        ],
        sources: [SEED_SOURCES.awsIamSamlErrorsGuide, SEED_SOURCES.salesforceConfigureSso],
      }),
    ];
  },
};

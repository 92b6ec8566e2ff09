import { AWS_ATTRIBUTE } from '../../message/saml-message.ts';
import { createFinding } from '../create-finding.ts';
import { findPage, readFlowFacts } from '../read-flow-facts.ts';
import { CONSOLE_PATHS, listUsersCommand, retestStep } from '../remediation-steps.ts';
import type { Scenario } from '../scenario.ts';
import { SEED_SOURCES } from '../seed-sources.ts';

/**
 * Seed 004 error 2, "RoleSessionName is required in AuthnResponse": the RoleSessionName attribute
 * is absent or its (first) value is empty. Predicted from the assertion; also reported, as
 * observed, when AWS's page says so and the assertion could not be read (encrypted).
 */
export const awsRolesessionnameMissing: Scenario = {
  id: 'aws-rolesessionname-missing',
  rank: 33,
  detect(analyzed, context) {
    const facts = readFlowFacts(analyzed, context);
    const primary = facts.primary;
    const assertion = facts.assertion;
    const page = findPage(facts, 'aws-rolesessionname-required');

    let observed: string | undefined;
    if (assertion !== undefined) {
      const values = assertion.aws.roleSessionName;
      const first = values?.[0];
      if (values === undefined) observed = `no Attribute named ${AWS_ATTRIBUTE.roleSessionName}`;
      else if (first === undefined) observed = 'the RoleSessionName attribute is present but has no AttributeValue';
      else if (first.trim() === '') observed = first === '' ? 'the RoleSessionName value is empty' : 'the RoleSessionName value is only whitespace';
      else return [];
    } else if (page === undefined) {
      return [];
    }

    return [
      createFinding('aws-rolesessionname-missing', {
        basis: page === undefined ? 'predicted' : 'observed',
        title: 'The SAML assertion has no RoleSessionName value',
        summary:
          'Salesforce did not send your Amazon Connect username to Amazon Web Services, so AWS cannot sign you in. Ask your Salesforce admin to restore the RoleSessionName attribute of the contact center\'s single sign-on app.',
        cause:
          'AWS needs the attribute https://aws.amazon.com/SAML/Attributes/RoleSessionName to name the session, and Amazon Connect uses the same value as the username of the agent. Without it (or with an empty value) AWS answers "RoleSessionName is required in AuthnResponse" (InvalidIdentityToken).',
        evidence: [
          page === undefined ? undefined : { label: 'AWS sign-in page', observed: page.page.excerpt, hopId: page.hop.id },
          observed === undefined
            ? undefined
            : {
                label: 'RoleSessionName attribute',
                observed,
                expected: 'one non-empty value equal to the Amazon Connect username',
                hopId: primary?.hop.id,
                field: `saml:Assertion/saml:AttributeStatement/saml:Attribute[@Name='${AWS_ATTRIBUTE.roleSessionName}']`,
              },
        ],
        remediation: [
          {
            actor: 'salesforce-admin',
            text: `Add the custom attribute ${AWS_ATTRIBUTE.roleSessionName} to the contact center's connected app. Salesforce Voice's default formula is $User.Id & '@' & $Organization.Id; whatever formula you use, its result must equal the user's Amazon Connect username exactly (letter case included).`,
            consolePath: CONSOLE_PATHS.connectedAppAttributes,
          },
          {
            actor: 'connect-admin',
            text: 'Check which usernames exist in the Connect instance, so that the formula produces one of them.',
            command: listUsersCommand(facts, undefined),
          },
          retestStep(),
        ],
        sources: [SEED_SOURCES.awsIamSamlErrorsGuide, SEED_SOURCES.awsTroubleshootConnectSaml],
      }),
    ];
  },
};

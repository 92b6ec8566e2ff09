import { AWS_ATTRIBUTE } from '../../message/saml-message.ts';
import { createFinding } from '../create-finding.ts';
import { findPage, readFlowFacts } from '../read-flow-facts.ts';
import { CONSOLE_PATHS, retestStep } from '../remediation-steps.ts';
import type { Scenario } from '../scenario.ts';
import { SEED_SOURCES } from '../seed-sources.ts';

/**
 * Seed 004 error 1 / IAM troubleshooting: without a Role attribute holding at least one value AWS
 * answers "Your request included an invalid SAML response". Predicted from the assertion AWS reads
 * (the Response's first Assertion); an encrypted assertion cannot be checked (saml-encrypted-assertion).
 */
export const awsRoleAttributeMissing: Scenario = {
  id: 'aws-role-attribute-missing',
  rank: 30,
  detect(analyzed, context) {
    const facts = readFlowFacts(analyzed, context);
    const primary = facts.primary;
    if (primary === undefined) return [];
    const response = primary.response;
    const assertion = facts.assertion;
    const hopId = primary.hop.id;

    let observed: string;
    let field: string;
    if (assertion === undefined) {
      // Nothing to read when the assertion is encrypted, or when the IdP answered with an error status.
      if (response.encryptedAssertionCount > 0 || !isSuccessOrAbsent(response.status?.code)) return [];
      observed = 'the Response carries no Assertion at all, so there is no Role attribute';
      field = 'samlp:Response/saml:Assertion';
    } else {
      const values = assertion.aws.roleValues;
      if (values !== undefined && values.some((value) => value.trim() !== '')) return [];
      observed =
        values === undefined
          ? `no Attribute named ${AWS_ATTRIBUTE.role}`
          : values.length === 0
            ? 'the Role attribute is present but has no AttributeValue'
            : `the Role attribute has ${String(values.length)} value${values.length === 1 ? '' : 's'}, all empty or blank`;
      field = `saml:Assertion/saml:AttributeStatement/saml:Attribute[@Name='${assertion.aws.roleAttributeName ?? AWS_ATTRIBUTE.role}']`;
    }

    const page = findPage(facts, 'aws-invalid-saml-response');
    return [
      createFinding('aws-role-attribute-missing', {
        // The generic page has several causes: this stays a prediction that explains it (see diagnose).
        basis: 'predicted',
        title: 'The SAML assertion has no AWS Role attribute value',
        summary:
          'Salesforce did not tell Amazon Web Services which role to sign you in with, so AWS turns the sign-in away. Ask your Salesforce admin to restore the Role attribute of the contact center\'s single sign-on app.',
        cause:
          'AWS reads the IAM role and the SAML identity provider to use from the attribute https://aws.amazon.com/SAML/Attributes/Role; it needs one or more values, each an IAM role ARN and a SAML provider ARN separated by a comma. When the attribute is missing or empty, AWS sign-in shows "Your request included an invalid SAML response".',
        evidence: [
          page === undefined ? undefined : { label: 'AWS sign-in page', observed: page.page.excerpt, hopId: page.hop.id },
          {
            label: 'Role attribute',
            observed,
            expected: 'at least one value "arn:aws:iam::<account>:role/<role>,arn:aws:iam::<account>:saml-provider/<provider>"',
            hopId,
            field,
          },
        ],
        remediation: [
          {
            actor: 'aws-admin',
            text: 'Look up the ARNs of the IAM role Connect users sign in with (for Salesforce Voice usually <contact center>-SAMLRole) and of the Salesforce SAML identity provider (SalesforceVoiceIdp_<org id>).',
            command: `aws iam list-saml-providers && aws iam get-role --role-name <contact-center>-SAMLRole --query Role.Arn --output text`,
          },
          {
            actor: 'salesforce-admin',
            text: `Add (or fix) the custom attribute named ${AWS_ATTRIBUTE.role} on the contact center's connected app, with the value "<role ARN>,<provider ARN>" (either order, no spaces around the values or the comma).`,
            consolePath: CONSOLE_PATHS.connectedAppAttributes,
          },
          retestStep(),
        ],
        sources: [SEED_SOURCES.awsIamSamlErrorsGuide, SEED_SOURCES.awsTroubleshootConnectSaml],
      }),
    ];
  },
};

function isSuccessOrAbsent(code: string | undefined): boolean {
  return code === undefined || code === 'urn:oasis:names:tc:SAML:2.0:status:Success';
}

import { AWS_ATTRIBUTE } from '../../message/saml-message.ts';
import type { Finding } from '../finding.ts';
import { createFinding } from '../create-finding.ts';
import { findPage, orPlaceholder, readFlowFacts, type FlowFacts } from '../read-flow-facts.ts';
import { CONSOLE_PATHS, retestStep } from '../remediation-steps.ts';
import type { Scenario } from '../scenario.ts';
import { SEED_SOURCES } from '../seed-sources.ts';

/**
 * Seed 004 error 1: AWS sign-in's generic "Your request included an invalid SAML response".
 * The page does not say why; when a sub-cause is predicted from the assertion (the Role, whitespace
 * and audience scenarios, ranked lower), that one becomes the primary verdict (see diagnose).
 * Also covers the SourceIdentity rejection, which has no scenario of its own.
 */
export const awsInvalidSamlResponse: Scenario = {
  id: 'aws-invalid-saml-response',
  rank: 69,
  detect(analyzed, context) {
    const facts = readFlowFacts(analyzed, context);
    const seen = findPage(facts, 'aws-invalid-saml-response', 'aws-source-identity-invalid');
    if (seen === undefined) return predictFailedStatus(facts);
    const sourceIdentity = seen.page.classification === 'aws-source-identity-invalid';
    const aws = facts.assertion?.aws;
    const hopId = facts.primary?.hop.id;
    const role = facts.role;
    const expectedRole = `${orPlaceholder(role?.roleArn?.trim(), 'role-arn')},${orPlaceholder(role?.providerArn?.trim(), 'saml-provider-arn')}`;
    return [
      createFinding('aws-invalid-saml-response', {
        basis: 'observed',
        title: sourceIdentity
          ? 'AWS sign-in rejected the SourceIdentity attribute'
          : 'AWS sign-in: "Your request included an invalid SAML response"',
        summary:
          'Amazon Web Services rejected the sign-in data Salesforce sent. Ask your Salesforce admin to check the attributes of the contact center\'s single sign-on app.',
        cause: sourceIdentity
          ? 'The SourceIdentity attribute must be 2 to 64 characters from letters, digits and +=,.@_- and must not start with "aws:".'
          : 'AWS sign-in refused the response without naming the reason. The usual causes are a missing or empty Role attribute, a Role value that is not a role ARN and SAML provider ARN pair, spaces before or after an attribute value, or an Audience that is not AWS sign-in.',
        evidence: [
          { label: 'AWS sign-in page', observed: seen.page.excerpt, hopId: seen.hop.id },
          aws === undefined
            ? undefined
            : { label: 'Role attribute', observed: aws.roleValues === undefined ? 'absent' : aws.roleValues.map((value) => JSON.stringify(value)).join(', '), expected: JSON.stringify(expectedRole), hopId, field: `Attribute ${AWS_ATTRIBUTE.role}` },
          aws?.roleSessionName === undefined
            ? undefined
            : { label: 'RoleSessionName attribute', observed: aws.roleSessionName.map((value) => JSON.stringify(value)).join(', '), hopId, field: `Attribute ${AWS_ATTRIBUTE.roleSessionName}` },
          facts.assertion?.conditions === undefined
            ? undefined
            : { label: 'Audience', observed: facts.assertion.conditions.audiences.join(', '), expected: 'https://signin.aws.amazon.com/saml', hopId, field: 'saml:Conditions/saml:AudienceRestriction/saml:Audience' },
          sourceIdentity && aws?.sourceIdentity !== undefined
            ? { label: 'SourceIdentity attribute', observed: aws.sourceIdentity.join(', '), expected: '[a-zA-Z_0-9+=,.@-]{2,64}, not starting with aws:', hopId, field: `Attribute ${AWS_ATTRIBUTE.sourceIdentity}` }
            : undefined,
        ],
        remediation: [
          {
            actor: 'salesforce-admin',
            text: `Check the connected app's custom attributes: the Role attribute (${AWS_ATTRIBUTE.role}) must hold exactly "${expectedRole}" with no spaces, and RoleSessionName must not be empty or padded.`,
            consolePath: CONSOLE_PATHS.connectedAppAttributes,
          },
          {
            actor: 'aws-admin',
            text: 'Confirm that the role and the SAML provider named in the Role attribute exist in the account.',
            command: `aws iam get-role --role-name ${orPlaceholder(role?.roleName, 'role-name')}\naws iam get-saml-provider --saml-provider-arn ${orPlaceholder(role?.providerArn?.trim(), 'saml-provider-arn')}`,
          },
          retestStep(),
        ],
        sources: [SEED_SOURCES.awsIamSamlErrorsGuide],
      }),
    ];
  },
};

const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';

/**
 * A Response whose top-level StatusCode is not Success is the IdP saying "I could not
 * authenticate this user" (SAML core §3.2.2.2). It carries no usable assertion, so AWS sign-in can
 * only answer with its generic invalid-response page; predicted before AWS answers.
 */
function predictFailedStatus(facts: FlowFacts): readonly Finding[] {
  const primary = facts.primary;
  const status = primary?.response.status;
  if (primary === undefined || status?.code === undefined || status.code === SUCCESS) return [];
  const shown = [status.code, status.subCode, status.message].filter((part) => part !== undefined).join(' / ');
  return [
    createFinding('aws-invalid-saml-response', {
      basis: 'predicted',
      title: `The identity provider answered with a failure status (${status.code.replace(/^.*:/, '')}), not an assertion`,
      summary: 'Salesforce reported that it could not sign you in to Amazon Connect. Ask your Salesforce admin to check the single sign-on app and your access to it.',
      cause: `The SAML Response's StatusCode is ${shown}. A response that is not a success carries no usable assertion, so AWS sign-in refuses it with "Your request included an invalid SAML response".`,
      evidence: [{ label: 'Response Status', observed: shown, expected: SUCCESS, hopId: primary.hop.id, field: 'samlp:Response/samlp:Status/samlp:StatusCode/@Value' }],
      remediation: [
        {
          actor: 'salesforce-admin',
          text: 'Open the identity provider event log for the user and time of the attempt to see why Salesforce refused to issue an assertion (app access, certificate, or a failing custom attribute formula).',
          consolePath: 'Setup → Identity Provider Event Log',
        },
        retestStep(),
      ],
      sources: [SEED_SOURCES.awsIamSamlErrorsGuide],
    }),
  ];
}

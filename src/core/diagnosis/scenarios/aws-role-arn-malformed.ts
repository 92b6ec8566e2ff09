import { AWS_ATTRIBUTE, type AwsRoleIssueCode, type AwsRolePair } from '../../message/saml-message.ts';
import { createFinding, type EvidenceInit } from '../create-finding.ts';
import { findPage, orPlaceholder, readFlowFacts } from '../read-flow-facts.ts';
import { CONSOLE_PATHS, retestStep } from '../remediation-steps.ts';
import type { Scenario } from '../scenario.ts';
import { SEED_SOURCES } from '../seed-sources.ts';

/** Issue codes other scenarios own: blank values (aws-role-attribute-missing), padding (aws-attribute-whitespace). */
const NOT_MALFORMED: ReadonlySet<AwsRoleIssueCode> = new Set(['empty', 'whitespace']);

/**
 * Seed 004 error 1 ("invalid Role ARN format"): every Role value must be exactly a role ARN and a
 * SAML provider ARN joined by one comma. AWS accepts both orders, so order alone is never flagged.
 * The precise reasons come from the model reader (AwsRolePair.issues).
 */
export const awsRoleArnMalformed: Scenario = {
  id: 'aws-role-arn-malformed',
  rank: 31,
  detect(analyzed, context) {
    const facts = readFlowFacts(analyzed, context);
    const primary = facts.primary;
    const assertion = facts.assertion;
    if (primary === undefined || assertion === undefined) return [];
    const malformed = assertion.aws.roles
      .map((pair, index) => ({ pair, index }))
      .filter(({ pair }) => isMalformed(pair));
    if (malformed.length === 0) return [];

    const hopId = primary.hop.id;
    const attributeName = assertion.aws.roleAttributeName ?? AWS_ATTRIBUTE.role;
    const page = findPage(facts, 'aws-invalid-saml-response');
    const evidence: EvidenceInit[] = malformed.map(({ pair, index }) => ({
      label: `Role value ${String(index + 1)} of ${String(assertion.aws.roles.length)}`,
      observed: `${JSON.stringify(pair.raw)}: ${reasons(pair).join(' ')}`,
      expected: 'arn:aws:iam::<account>:role/<role>,arn:aws:iam::<account>:saml-provider/<provider> (either order)',
      hopId,
      field: `saml:Assertion/saml:AttributeStatement/saml:Attribute[@Name='${attributeName}']/saml:AttributeValue[${String(index + 1)}]`,
    }));
    const first = malformed[0]?.pair;
    const repaired = first?.roleArn !== undefined && first.providerArn !== undefined ? `${first.roleArn},${first.providerArn}` : undefined;

    return [
      createFinding('aws-role-arn-malformed', {
        // The generic page has several causes: this stays a prediction that explains it (see diagnose).
        basis: 'predicted',
        title:
          malformed.length === 1
            ? 'The AWS Role attribute value is not a "role ARN,provider ARN" pair'
            : `${String(malformed.length)} AWS Role attribute values are not "role ARN,provider ARN" pairs`,
        summary:
          'The role Salesforce asks Amazon Web Services to sign you in with is written wrongly, so AWS cannot use it. Ask your Salesforce admin to correct the Role attribute of the contact center\'s single sign-on app.',
        cause:
          'Each value of the Role attribute must hold exactly two ARNs separated by one comma: the IAM role (arn:aws:iam::<account>:role/<name>) and the SAML identity provider (arn:aws:iam::<account>:saml-provider/<name>), in the same account. A typo, a missing or extra part, or an ARN of another kind makes AWS answer "Your request included an invalid SAML response".',
        evidence: [page === undefined ? undefined : { label: 'AWS sign-in page', observed: page.page.excerpt, hopId: page.hop.id }, ...evidence],
        remediation: [
          {
            actor: 'aws-admin',
            text: 'Confirm the exact ARNs of the federation role and of the SAML identity provider in the AWS account of the Connect instance.',
            command: `aws iam get-role --role-name ${orPlaceholder(first?.roleName, 'contact-center-SAMLRole')} --query Role.Arn --output text && aws iam list-saml-providers`,
          },
          {
            actor: 'salesforce-admin',
            text:
              repaired === undefined
                ? `Set the value of the custom attribute ${attributeName} to "<role ARN>,<provider ARN>", with nothing else in it.`
                : `Set the value of the custom attribute ${attributeName} to exactly "${repaired}" (check it against the ARNs the AWS admin confirmed).`,
            consolePath: CONSOLE_PATHS.connectedAppAttributes,
          },
          retestStep(),
        ],
        sources: [SEED_SOURCES.awsIamSamlErrorsGuide],
      }),
    ];
  },
};

function isMalformed(pair: AwsRolePair): boolean {
  if (pair.raw.trim() === '') return false;
  if (pair.issueCodes !== undefined) return pair.issueCodes.some((code) => !NOT_MALFORMED.has(code));
  return pair.roleArn === undefined || pair.providerArn === undefined;
}

/** The model's reasons, minus the whitespace ones (aws-attribute-whitespace reports those). */
function reasons(pair: AwsRolePair): string[] {
  const kept = pair.issues.filter((issue) => !/whitespace/i.test(issue));
  return kept.length > 0 ? kept : ['it is not a role ARN and a SAML provider ARN separated by a comma.'];
}

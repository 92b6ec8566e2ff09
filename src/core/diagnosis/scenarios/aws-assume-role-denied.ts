import { createFinding, type EvidenceInit } from '../create-finding.ts';
import { findPage, orPlaceholder, readFlowFacts, type FlowFacts } from '../read-flow-facts.ts';
import { CONSOLE_PATHS, retestStep } from '../remediation-steps.ts';
import type { Scenario } from '../scenario.ts';
import { SEED_SOURCES } from '../seed-sources.ts';

const GLOBAL_AUDIENCE = 'https://signin.aws.amazon.com/saml';

/**
 * Seed 004 error 4 / IAM troubleshooting: "Not authorized to perform sts:AssumeRoleWithSAML".
 * Observed on the AWS page; predicted when the assertion has no NameID (STS then refuses with
 * AccessDenied). The evidence lists what the trust policy has to allow for this very assertion.
 */
export const awsAssumeRoleDenied: Scenario = {
  id: 'aws-assume-role-denied',
  rank: 70,
  detect(analyzed, context) {
    const facts = readFlowFacts(analyzed, context);
    const seen = findPage(facts, 'aws-not-authorized-assume-role');
    const assertion = facts.assertion;
    const nameIdMissing = assertion !== undefined && (assertion.subject?.nameId === undefined || assertion.subject.nameId.value.trim() === '');
    if (seen === undefined && !nameIdMissing) return [];

    const hopId = facts.primary?.hop.id;
    const role = orPlaceholder(facts.role?.roleName, 'role-name');
    const providerArn = orPlaceholder(facts.role?.providerArn?.trim(), 'saml-provider-arn');
    const audiences = audiencesFor(facts);
    const tagKeys = Object.keys(assertion?.aws.principalTags ?? {});
    const actions = ['sts:AssumeRoleWithSAML', ...(tagKeys.length > 0 ? ['sts:TagSession'] : []), ...(assertion?.aws.sourceIdentity !== undefined ? ['sts:SetSourceIdentity'] : [])];
    const trustPolicy = JSON.stringify(
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Federated: providerArn }, Action: actions, Condition: { StringEquals: { 'SAML:aud': audiences } } }],
      },
      null,
      2,
    );

    const evidence: (EvidenceInit | undefined)[] = [
      seen === undefined ? undefined : { label: 'AWS sign-in page', observed: seen.page.excerpt, hopId: seen.hop.id },
      nameIdMissing ? { label: 'NameID', observed: 'absent or empty', expected: 'a NameID in the Subject', hopId, field: 'saml:Subject/saml:NameID' } : undefined,
      facts.role?.roleArn === undefined ? undefined : { label: 'Role to assume', observed: facts.role.roleArn, hopId, field: 'Attribute https://aws.amazon.com/SAML/Attributes/Role' },
      facts.role?.providerArn === undefined ? undefined : { label: 'SAML provider (trust policy Principal)', observed: facts.role.providerArn, hopId },
      { label: 'SAML:aud the trust policy must allow', observed: audiences.join(', '), hopId, field: 'SubjectConfirmationData Recipient / endpoint posted to' },
      tagKeys.length === 0 ? undefined : { label: 'Session tags sent', observed: tagKeys.join(', '), expected: 'sts:TagSession allowed in the trust policy', hopId },
      assertion?.aws.sourceIdentity === undefined ? undefined : { label: 'SourceIdentity sent', observed: assertion.aws.sourceIdentity.join(', '), expected: 'sts:SetSourceIdentity allowed in the trust policy', hopId },
    ];

    return [
      createFinding('aws-assume-role-denied', {
        basis: seen === undefined ? 'predicted' : 'observed',
        title:
          seen === undefined
            ? 'AWS will refuse AssumeRoleWithSAML: the assertion has no NameID'
            : 'AWS sign-in: "Not authorized to perform sts:AssumeRoleWithSAML" (role trust policy)',
        summary:
          'AWS would not let your sign-in use the contact center\'s IAM role. Ask your AWS admin to check that role\'s trust policy.',
        cause: nameIdMissing
          ? 'STS refuses AssumeRoleWithSAML when the assertion\'s Subject carries no NameID.'
          : 'The trust policy of the role named in the Role attribute does not allow sts:AssumeRoleWithSAML for this SAML provider and audience: it names another provider, its SAML:aud condition does not include the sign-in endpoint the response was posted to, it lacks sts:TagSession for session tags, or the role name in the assertion is misspelled (role names are case-sensitive). A service control policy can also deny STS.',
        evidence,
        remediation: [
          {
            actor: 'aws-admin',
            text: `Read the trust policy of ${role}.`,
            command: `aws iam get-role --role-name ${role} --query Role.AssumeRolePolicyDocument`,
          },
          {
            actor: 'aws-admin',
            text: 'Make the trust policy allow this provider and audience, then apply it.',
            consolePath: `AWS Management Console → IAM → Roles → ${role} → Trust relationships → Edit trust policy`,
            command: `cat > trust-policy.json <<'EOF'\n${trustPolicy}\nEOF\naws iam update-assume-role-policy --role-name ${role} --policy-document file://trust-policy.json`,
          },
          {
            actor: 'salesforce-admin',
            text: 'Check that the role name in the connected app\'s Role attribute is spelled exactly like the IAM role, letter case included.',
            consolePath: CONSOLE_PATHS.connectedAppAttributes,
          },
          nameIdMissing
            ? { actor: 'salesforce-admin', text: 'Set the connected app\'s Subject Type (Persistent ID for Salesforce Voice) so that the assertion carries a NameID.', consolePath: `${CONSOLE_PATHS.connectedApp} → Edit → SAML Service Provider Settings` }
            : undefined,
          {
            actor: 'aws-admin',
            text: 'If the trust policy is right, look for a service control policy that denies STS in this account.',
            command: `aws organizations list-policies-for-target --target-id ${orPlaceholder(facts.role?.accountId, 'account-id')} --filter SERVICE_CONTROL_POLICY`,
          },
          retestStep(),
        ],
        sources: [SEED_SOURCES.awsIamSamlErrorsGuide],
      }),
    ];
  },
};

/** The global audience plus the regional endpoint actually posted to (domain.md §4.2). */
function audiencesFor(facts: FlowFacts): string[] {
  const audiences = new Set<string>([GLOBAL_AUDIENCE]);
  const endpoint = facts.samlEndpoint;
  if (endpoint?.region !== undefined) audiences.add(endpoint.url.replace(/[?#].*$/, '').replace(/\/+$/, ''));
  return [...audiences];
}

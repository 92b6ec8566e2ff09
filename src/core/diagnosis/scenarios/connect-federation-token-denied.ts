import { createFinding } from '../create-finding.ts';
import { findPage, orPlaceholder, readFlowFacts } from '../read-flow-facts.ts';
import { retestStep } from '../remediation-steps.ts';
import type { Scenario } from '../scenario.ts';
import { SEED_SOURCES } from '../seed-sources.ts';

const POLICY_NAME = 'AmazonConnectGetFederationToken';

/**
 * Seed 002: Connect's "Access denied, Please contact your AWS account administrator" — the role
 * assumed through SAML lacks `connect:GetFederationToken` on the instance's users.
 */
export const connectFederationTokenDenied: Scenario = {
  id: 'connect-federation-token-denied',
  rank: 82,
  detect(analyzed, context) {
    const facts = readFlowFacts(analyzed, context);
    const seen = findPage(facts, 'connect-federation-denied');
    if (seen === undefined) return [];

    const roleArn = seen.page.roleArn ?? facts.role?.roleArn?.trim();
    const roleName = roleArn === undefined ? facts.role?.roleName : roleArn.replace(/^.*:role\/(?:.*\/)?/, '');
    const account = (roleArn === undefined ? undefined : /^arn:[\w-]+:(?:iam|sts)::(\d{12}):/.exec(roleArn)?.[1]) ?? facts.role?.accountId;
    const partition = facts.role?.partition ?? 'aws';
    const region = orPlaceholder(facts.connectRegion, 'region');
    const instance = orPlaceholder(facts.instanceId, 'instance-id');
    const accountId = orPlaceholder(account, 'account-id');
    const role = orPlaceholder(roleName, 'role-name');
    const resource = `arn:${partition}:connect:${region}:${accountId}:instance/${instance}/user/\${aws:userid}`;
    const policy = JSON.stringify(
      { Version: '2012-10-17', Statement: [{ Sid: 'AllowConnectFederation', Effect: 'Allow', Action: 'connect:GetFederationToken', Resource: [resource] }] },
      null,
      2,
    );

    return [
      createFinding('connect-federation-token-denied', {
        basis: 'observed',
        title: 'Amazon Connect: access denied — the federation role may not call connect:GetFederationToken',
        summary:
          'Your sign-in reached Amazon Connect, but the AWS role used for it is not allowed to open a Connect session. Ask your AWS admin to grant that role the Connect federation permission.',
        cause: `The IAM role assumed through SAML${roleArn === undefined ? '' : ` (${roleArn})`} has no permission for connect:GetFederationToken on the instance's users. Connect calls it to turn the AWS session into a Connect login, so the user is refused.`,
        evidence: [
          { label: 'Amazon Connect page', observed: seen.page.excerpt, hopId: seen.hop.id },
          roleArn === undefined ? undefined : { label: 'Assumed role', observed: roleArn, field: seen.page.roleArn === undefined ? 'Role attribute' : 'error page' },
          facts.instanceId === undefined ? undefined : { label: 'Connect instance', observed: facts.instanceId, field: 'federate URL / RelayState' },
          { label: 'Permission needed', expected: `connect:GetFederationToken on ${resource}` },
        ],
        remediation: [
          {
            actor: 'aws-admin',
            text: 'Write a policy that lets the role call connect:GetFederationToken for the users of this Connect instance.',
            command: `cat > connect-federation-policy.json <<'EOF'\n${policy}\nEOF`,
          },
          {
            actor: 'aws-admin',
            text: `Create the policy and attach it to the role ${role}. In the console, an inline policy with the same JSON has the same effect.`,
            consolePath: `AWS Management Console → IAM → Roles → ${role} → Add permissions → Create inline policy`,
            command: `aws iam create-policy --policy-name ${POLICY_NAME} --policy-document file://connect-federation-policy.json\naws iam attach-role-policy --role-name ${role} --policy-arn arn:${partition}:iam::${accountId}:policy/${POLICY_NAME}`,
          },
          {
            actor: 'aws-admin',
            text: 'List the role\'s policies to confirm the permission is attached.',
            command: `aws iam list-attached-role-policies --role-name ${role}`,
          },
          retestStep(),
        ],
        sources: [SEED_SOURCES.awsTroubleshootConnectSaml, SEED_SOURCES.awsIamSamlErrorsGuide],
      }),
    ];
  },
};

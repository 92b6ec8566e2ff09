import { createFinding, type EvidenceInit } from '../create-finding.ts';
import { findPage, orPlaceholder, readFlowFacts, type FlowFacts } from '../read-flow-facts.ts';
import { CONSOLE_PATHS, METADATA_FILE, retestStep } from '../remediation-steps.ts';
import type { Scenario } from '../scenario.ts';
import { SEED_SOURCES } from '../seed-sources.ts';

/**
 * Seed 004 error 10: "Specified provider doesn't exist". Observed on the AWS page; predicted when
 * the provider ARN's account differs from the role's (a provider is only usable in its own
 * account, seed 004 "Multi-Account Federation"), and as a warning when a `SalesforceVoiceIdp_<OrgId>`
 * provider names another org than the RoleSessionName (a sandbox copied from production).
 */
export const awsProviderNotFound: Scenario = {
  id: 'aws-provider-not-found',
  rank: 45,
  detect(analyzed, context) {
    const facts = readFlowFacts(analyzed, context);
    const seen = findPage(facts, 'aws-provider-not-found');
    const prediction = predict(facts);
    if (seen === undefined && prediction === undefined) return [];

    const providerArn = orPlaceholder(facts.role?.providerArn?.trim(), 'saml-provider-arn');
    const providerName = orPlaceholder(facts.role?.providerName, 'provider-name');
    const roleArn = orPlaceholder(facts.role?.roleArn?.trim(), 'role-arn');
    return [
      createFinding('aws-provider-not-found', {
        severity: seen !== undefined || prediction?.strict === true ? 'error' : 'warning',
        basis: seen === undefined ? 'predicted' : 'observed',
        title:
          seen !== undefined
            ? 'AWS sign-in: "Specified provider doesn\'t exist" — the SAML provider ARN in the Role attribute is wrong'
            : prediction?.strict === true
              ? 'AWS will not find the SAML provider: it is in another account than the role'
              : 'The SAML provider in the Role attribute seems to belong to another Salesforce org',
        summary:
          'AWS cannot find the identity provider your sign-in names. Ask your AWS admin and your Salesforce admin to check the provider ARN in the contact center\'s Role attribute.',
        cause:
          'STS looks up the SAML provider named in the Role attribute in the role\'s account. No provider with that ARN exists there: the account id or the provider name is wrong (often copied from another org or account), or the provider was deleted or never created.',
        evidence: [
          seen === undefined ? undefined : { label: 'AWS sign-in page', observed: seen.page.excerpt, hopId: seen.hop.id },
          facts.role === undefined
            ? undefined
            : { label: 'Role attribute', observed: facts.role.raw, hopId: facts.primary?.hop.id, field: 'Attribute https://aws.amazon.com/SAML/Attributes/Role' },
          ...(prediction?.evidence ?? []),
        ],
        remediation: [
          {
            actor: 'aws-admin',
            text: `List the SAML providers of the account and compare them with ${providerArn}.`,
            consolePath: 'AWS Management Console → IAM → Identity providers',
            command: 'aws iam list-saml-providers',
          },
          {
            actor: 'salesforce-admin',
            text: `If the provider exists under another ARN, correct the Role attribute of the connected app to "${roleArn},<the existing provider ARN>".`,
            consolePath: CONSOLE_PATHS.connectedAppAttributes,
          },
          {
            actor: 'aws-admin',
            text: `If it does not exist, download Salesforce's identity provider metadata (${CONSOLE_PATHS.identityProvider} → Download Metadata) and create the provider in the role's account.`,
            command: `aws iam create-saml-provider --name ${providerName} --saml-metadata-document file://${METADATA_FILE}`,
          },
          retestStep(),
        ],
        sources: [SEED_SOURCES.awsIamSamlErrorsGuide],
      }),
    ];
  },
};

interface Prediction {
  readonly strict: boolean;
  readonly evidence: readonly EvidenceInit[];
}

function predict(facts: FlowFacts): Prediction | undefined {
  const role = facts.role;
  if (role?.roleArn === undefined || role.providerArn === undefined) return undefined;
  const hopId = facts.primary?.hop.id;
  const roleAccount = accountOf(role.roleArn);
  const providerAccount = accountOf(role.providerArn);
  if (roleAccount !== undefined && providerAccount !== undefined && roleAccount !== providerAccount) {
    return {
      strict: true,
      evidence: [{ label: 'Account of the SAML provider', observed: providerAccount, expected: `${roleAccount} (the role's account)`, hopId, field: 'Role attribute' }],
    };
  }
  const providerOrg = /^SalesforceVoiceIdp_(00D[A-Za-z0-9]{12})/.exec(role.providerName ?? '')?.[1];
  const sessionOrg = /@(00D[A-Za-z0-9]{12})(?:[A-Za-z0-9]{3})?$/.exec(facts.roleSessionName ?? '')?.[1];
  if (providerOrg !== undefined && sessionOrg !== undefined && providerOrg !== sessionOrg) {
    return {
      strict: false,
      evidence: [{ label: 'Org id in the provider name', observed: providerOrg, expected: `${sessionOrg} (the org id in the RoleSessionName)`, hopId, field: 'Role attribute' }],
    };
  }
  return undefined;
}

function accountOf(arn: string): string | undefined {
  return /^arn:[\w-]+:iam::(\d{12}):/.exec(arn.trim())?.[1];
}

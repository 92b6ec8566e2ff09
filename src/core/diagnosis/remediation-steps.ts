import type { RemediationInit } from './create-finding.ts';
import { orPlaceholder, type FlowFacts } from './read-flow-facts.ts';

/**
 * Console paths that several scenarios point to (Salesforce Setup, seeds 000 and 003). Setup
 * pages are named as the Quick Find box finds them.
 */
export const CONSOLE_PATHS = {
  connectedApp: 'Setup → Manage Connected Apps → <contact center> Connected App',
  connectedAppAttributes: 'Setup → Manage Connected Apps → <contact center> Connected App → Custom Attributes',
  identityProvider: 'Setup → Identity Provider',
  certificates: 'Setup → Certificate and Key Management',
  contactCenterUsers: 'Setup → Contact Centers → Amazon Contact Centers → <contact center> → Contact Center Users',
  telephonyProviderSettings: 'Setup → Contact Centers → Amazon Contact Centers → <contact center> → Telephony Provider Settings',
} as const;

/** The file name the download-metadata step saves to; the IAM commands read it back. */
export const METADATA_FILE = 'salesforce-idp-metadata.xml';

/**
 * Download Salesforce's IdP metadata and load it into the IAM identity provider, then check it
 * (seed 000 error #3/#4, seed 003 steps 3 and 5, seed 004 "Response signature invalid").
 */
export function replaceMetadataSteps(facts: FlowFacts): RemediationInit[] {
  const providerArn = orPlaceholder(facts.role?.providerArn?.trim(), 'saml-provider-arn');
  const providerName = orPlaceholder(facts.role?.providerName, 'identity provider');
  return [
    {
      actor: 'salesforce-admin',
      text: `Download the identity provider metadata from Salesforce and save it as ${METADATA_FILE}; it carries the current Issuer and signing certificate.`,
      consolePath: `${CONSOLE_PATHS.identityProvider} → Download Metadata`,
    },
    {
      actor: 'aws-admin',
      text: `Load that file into the IAM identity provider ${providerName}, either in the console or with the AWS CLI.`,
      consolePath: `AWS Management Console → IAM → Identity providers → ${providerName} → Replace metadata`,
      command: `aws iam update-saml-provider --saml-metadata-document file://${METADATA_FILE} --saml-provider-arn ${providerArn}`,
    },
    {
      actor: 'aws-admin',
      text: 'Check that IAM now holds the new metadata (entityID and certificate).',
      command: `aws iam get-saml-provider --saml-provider-arn ${providerArn} --query SAMLMetadataDocument --output text`,
    },
  ];
}

/** The agent re-runs the SSO in the foreground to confirm the fix (seed 000 "Steps to follow"). */
export function retestStep(): RemediationInit {
  return {
    actor: 'agent',
    text: 'Open the contact center\'s Telephony Provider Settings link again in a new tab: the Amazon Connect page should open. Then reload the Salesforce console and set your Omni-Channel status again.',
    consolePath: CONSOLE_PATHS.telephonyProviderSettings,
  };
}

/** `aws connect list-users` filtered to one username (seed 002 step 5), region and instance filled in. */
export function listUsersCommand(facts: FlowFacts, username: string | undefined): string {
  const query = username === undefined ? '' : ` --query "UserSummaryList[?Username=='${username.replace(/'/g, "\\'")}']"`;
  return `aws connect list-users --instance-id ${orPlaceholder(facts.instanceId, 'instance-id')} --region ${orPlaceholder(facts.connectRegion, 'region')}${query}`;
}

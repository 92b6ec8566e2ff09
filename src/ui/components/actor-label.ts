import type { RemediationStep } from '../../core/diagnosis/finding.ts';
import type { MessageKey } from '../i18n/t.ts';

/** Who acts on a remediation step, as a message key (for the step badge). */
export const ACTOR_LABEL: Readonly<Record<RemediationStep['actor'], MessageKey>> = {
  agent: 'actorAgent',
  'salesforce-admin': 'actorSalesforceAdmin',
  'aws-admin': 'actorAwsAdmin',
  'connect-admin': 'actorConnectAdmin',
};

/** The same people as the agent addresses them ("your Salesforce admin"). */
export const ACTOR_ASK: Readonly<Record<Exclude<RemediationStep['actor'], 'agent'>, MessageKey>> = {
  'salesforce-admin': 'askSalesforceAdmin',
  'aws-admin': 'askAwsAdmin',
  'connect-admin': 'askConnectAdmin',
};

import { createFinding } from '../create-finding.ts';
import { findPage, orPlaceholder, readFlowFacts } from '../read-flow-facts.ts';
import { retestStep } from '../remediation-steps.ts';
import type { Scenario } from '../scenario.ts';
import { SEED_SOURCES } from '../seed-sources.ts';

/**
 * Seed 004 "Cross-Region Authentication" and case study 3: STS is not active (or is blocked by a
 * service control policy) in the region of the sign-in endpoint. Observed only: nothing in the
 * assertion tells.
 */
export const awsStsRegionDisabled: Scenario = {
  id: 'aws-sts-region-disabled',
  rank: 19,
  detect(analyzed, context) {
    const facts = readFlowFacts(analyzed, context);
    const seen = findPage(facts, 'aws-region-disabled');
    if (seen === undefined) return [];
    const region = facts.signinRegion ?? context.region;
    const shown = orPlaceholder(region, 'region');
    return [
      createFinding('aws-sts-region-disabled', {
        basis: 'observed',
        title: `AWS STS is not active in ${shown}, the region of the sign-in endpoint`,
        summary: `AWS security tokens are switched off in the region your sign-in goes to (${shown}). Ask your AWS admin to activate STS there.`,
        cause: `The response was posted to ${seen.hop.url}, which hands it to STS in ${shown}. STS is deactivated in that region for the account, or a service control policy of the organization denies STS there.`,
        evidence: [
          { label: 'AWS sign-in page', observed: seen.page.excerpt, hopId: seen.hop.id },
          { label: 'Sign-in endpoint', observed: seen.hop.url, hopId: seen.hop.id, field: 'URL' },
        ],
        remediation: [
          {
            actor: 'aws-admin',
            text: `Activate the STS endpoint for ${shown}.`,
            consolePath: `AWS Management Console → IAM → Account settings → Security Token Service (STS) → Endpoints → ${shown} → Activate`,
          },
          {
            actor: 'aws-admin',
            text: 'Check that STS answers in that region.',
            command: `aws sts get-caller-identity --region ${shown}`,
          },
          {
            actor: 'aws-admin',
            text: 'If it is active, look for a service control policy that limits STS to other regions.',
            command: `aws organizations list-policies-for-target --target-id ${orPlaceholder(facts.role?.accountId, 'account-id')} --filter SERVICE_CONTROL_POLICY`,
          },
          retestStep(),
        ],
        sources: [SEED_SOURCES.awsIamSamlErrorsGuide],
      }),
    ];
  },
};

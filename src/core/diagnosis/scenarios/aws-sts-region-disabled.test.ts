import { describe, expect, it } from 'vitest';
import { buildSalesforceResponse, errorPage, flowWithSamlPost, sharedTestIdp } from '../../../testing/saml-builder.ts';
import { runScenario } from '../../../testing/scenario-harness.ts';
import { awsStsRegionDisabled } from './aws-sts-region-disabled.ts';

describe('aws-sts-region-disabled', () => {
  it('fires on the RegionDisabled page with the region of the regional endpoint', async () => {
    const idp = await sharedTestIdp();
    const url = 'https://ap-southeast-2.signin.aws.amazon.com/saml';
    const flow = flowWithSamlPost(buildSalesforceResponse(idp, { destination: url }), { samlUrl: url, page: errorPage('aws-region-disabled') });
    const [finding] = await runScenario(awsStsRegionDisabled, flow);
    expect(finding?.title).toContain('ap-southeast-2');
    expect(finding?.remediation.map((step) => step.command ?? '').join('\n')).toContain('aws sts get-caller-identity --region ap-southeast-2');
  });

  it('takes us-east-1 for the global endpoint', async () => {
    const idp = await sharedTestIdp();
    const [finding] = await runScenario(awsStsRegionDisabled, flowWithSamlPost(buildSalesforceResponse(idp), { page: errorPage('aws-region-disabled') }));
    expect(finding?.title).toContain('us-east-1');
  });

  it('stays silent on a healthy flow', async () => {
    const idp = await sharedTestIdp();
    expect(await runScenario(awsStsRegionDisabled, flowWithSamlPost(buildSalesforceResponse(idp)))).toEqual([]);
  });
});

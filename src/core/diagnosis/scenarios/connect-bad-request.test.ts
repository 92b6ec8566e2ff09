import { describe, expect, it } from 'vitest';
import { TEST_DEFAULTS, buildSalesforceResponse, errorPage, federateHop, flowWithSamlPost, sharedTestIdp } from '../../../testing/saml-builder.ts';
import { runScenario } from '../../../testing/scenario-harness.ts';
import { connectBadRequest } from './connect-bad-request.ts';

describe('connect-bad-request', () => {
  it('fires on the Connect "Bad Request" page and shows how many roles the assertion offered', async () => {
    const idp = await sharedTestIdp();
    const roles = [`${TEST_DEFAULTS.roleArn},${TEST_DEFAULTS.providerArn}`, `arn:aws:iam::123456789012:role/Other,${TEST_DEFAULTS.providerArn}`];
    const flow = flowWithSamlPost(buildSalesforceResponse(idp, { roles }), { thenHops: [federateHop({ page: errorPage('connect-bad-request') })] });
    const [finding] = await runScenario(connectBadRequest, flow);
    expect(finding?.basis).toBe('observed');
    expect(finding?.evidence.find((item) => item.label === 'Role attribute values')?.observed).toMatch(/^2: /);
  });

  it('stays silent on a healthy flow', async () => {
    const idp = await sharedTestIdp();
    expect(await runScenario(connectBadRequest, flowWithSamlPost(buildSalesforceResponse(idp)))).toEqual([]);
  });
});

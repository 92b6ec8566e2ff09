import { describe, expect, it } from 'vitest';
import { TEST_DEFAULTS, buildSalesforceResponse, errorPage, federateHop, flowWithSamlPost, sharedTestIdp, testContext } from '../../../testing/saml-builder.ts';
import { runScenario } from '../../../testing/scenario-harness.ts';
import { connectNotOnboarded } from './connect-not-onboarded.ts';

const notOnboardedPage = [federateHop({ page: errorPage('connect-not-onboarded') })];

describe('connect-not-onboarded', () => {
  it('fires on the "not onboarded" page with list-users filled in with instance, region and name', async () => {
    const idp = await sharedTestIdp();
    const flow = flowWithSamlPost(buildSalesforceResponse(idp), { thenHops: notOnboardedPage });
    const [finding] = await runScenario(connectNotOnboarded, flow);
    expect(finding?.basis).toBe('observed');
    expect(finding?.evidence.find((item) => item.label === 'RoleSessionName')?.observed).toBe(TEST_DEFAULTS.roleSessionName);
    expect(finding?.remediation.map((step) => step.command).join('\n')).toContain(
      `aws connect list-users --instance-id ${TEST_DEFAULTS.instanceId} --region us-east-1 --query "UserSummaryList[?Username=='${TEST_DEFAULTS.roleSessionName}']"`,
    );
  });

  it('predicts the refusal when the Connect user list has no such username', async () => {
    const idp = await sharedTestIdp();
    const context = testContext({ connectUsers: [{ username: 'someone-else@0055g00000ZZZZZAAA@00D5g000000abcdEAA' }] });
    const [finding] = await runScenario(connectNotOnboarded, flowWithSamlPost(buildSalesforceResponse(idp)), context);
    expect(finding?.basis).toBe('predicted');
    expect(finding?.evidence.find((item) => item.label === 'Connect users (list given)')?.observed).toContain('among 1 users');
  });

  it('leaves a username that differs only in case to connect-username-case-mismatch, even on the page', async () => {
    const idp = await sharedTestIdp();
    const context = testContext({ connectUsers: [{ username: TEST_DEFAULTS.roleSessionName.toUpperCase() }] });
    const flow = flowWithSamlPost(buildSalesforceResponse(idp), { thenHops: notOnboardedPage });
    expect(await runScenario(connectNotOnboarded, flow, context)).toEqual([]);
  });

  it('stays silent on a healthy flow whose user exists', async () => {
    const idp = await sharedTestIdp();
    const context = testContext({ connectUsers: [{ username: TEST_DEFAULTS.roleSessionName }] });
    expect(await runScenario(connectNotOnboarded, flowWithSamlPost(buildSalesforceResponse(idp)), context)).toEqual([]);
    expect(await runScenario(connectNotOnboarded, flowWithSamlPost(buildSalesforceResponse(idp)))).toEqual([]);
  });
});

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

  it('warns before Connect answers when the RoleSessionName is not the username the admin\'s format predicts', async () => {
    const idp = await sharedTestIdp();
    const response = buildSalesforceResponse(idp, { attributes: { userId: '0055g00000ZzZzZ' } });
    const context = testContext({ connectUsernameFormat: '{Alias}@{UserId}@{OrgId}' });
    const [finding] = await runScenario(connectNotOnboarded, flowWithSamlPost(response, { thenHops: [] }), context);
    expect(finding?.severity).toBe('warning');
    expect(finding?.basis).toBe('predicted');
    const row = finding?.evidence.find((item) => item.label === 'RoleSessionName and your Connect username format');
    expect(row?.observed).toBe(TEST_DEFAULTS.roleSessionName);
    expect(row?.expected).toBe(`expected per your username format {Alias}@{UserId}@{OrgId}: {Alias}@0055g00000ZzZzZAAV@${TEST_DEFAULTS.orgId} ({Alias}: not in the assertion, any value accepted)`);
    expect(finding?.remediation[0]?.consolePath).toContain('Custom Attributes');
  });

  it('says on the "not onboarded" page that the RoleSessionName follows the format, so the user is what is missing', async () => {
    const idp = await sharedTestIdp();
    const response = buildSalesforceResponse(idp, { attributes: { userId: TEST_DEFAULTS.userId.slice(0, 15) } });
    const context = testContext({ connectUsernameFormat: '{Alias}@{UserId}@{OrgId}' });
    const [finding] = await runScenario(connectNotOnboarded, flowWithSamlPost(response, { thenHops: notOnboardedPage }), context);
    expect(finding?.severity).toBe('error');
    expect(finding?.evidence.find((item) => item.label === 'RoleSessionName and your Connect username format')?.observed).toBe(
      `${TEST_DEFAULTS.roleSessionName} follows your username format {Alias}@{UserId}@{OrgId}`,
    );
    expect(finding?.cause).toContain('never added');
  });

  it('names the format mismatch as the cause on the "not onboarded" page', async () => {
    const idp = await sharedTestIdp();
    const response = buildSalesforceResponse(idp, { attributes: { email: 'jdoe@acme.example' } });
    const context = testContext({ connectUsernameFormat: '{Email}' });
    const [finding] = await runScenario(connectNotOnboarded, flowWithSamlPost(response, { thenHops: notOnboardedPage }), context);
    expect(finding?.basis).toBe('observed');
    expect(finding?.cause).toContain('not the username your Connect username format predicts (jdoe@acme.example)');
  });

  it('does not predict from the format when the flow reached Connect or the user list is known', async () => {
    const idp = await sharedTestIdp();
    const response = buildSalesforceResponse(idp, { attributes: { email: 'jdoe@acme.example' } });
    const format = { connectUsernameFormat: '{Email}' };
    expect(await runScenario(connectNotOnboarded, flowWithSamlPost(response), testContext(format))).toEqual([]);
    const listed = testContext({ ...format, connectUsers: [{ username: TEST_DEFAULTS.roleSessionName }] });
    expect(await runScenario(connectNotOnboarded, flowWithSamlPost(response, { thenHops: [] }), listed)).toEqual([]);
  });

  it('stays silent on a healthy flow whose user exists', async () => {
    const idp = await sharedTestIdp();
    const context = testContext({ connectUsers: [{ username: TEST_DEFAULTS.roleSessionName }] });
    expect(await runScenario(connectNotOnboarded, flowWithSamlPost(buildSalesforceResponse(idp)), context)).toEqual([]);
    expect(await runScenario(connectNotOnboarded, flowWithSamlPost(buildSalesforceResponse(idp)))).toEqual([]);
  });
});

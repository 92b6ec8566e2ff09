import { describe, expect, it } from 'vitest';
import { TEST_DEFAULTS, buildSalesforceResponse, errorPage, federateHop, flowWithSamlPost, sharedTestIdp, testContext } from '../../../testing/saml-builder.ts';
import { runScenario } from '../../../testing/scenario-harness.ts';
import { connectUsernameCaseMismatch } from './connect-username-case-mismatch.ts';

const connectName = `JDoe@${TEST_DEFAULTS.userId}@${TEST_DEFAULTS.orgId}`;

describe('connect-username-case-mismatch', () => {
  it('predicts the mismatch when a Connect username equals the RoleSessionName except for case', async () => {
    const idp = await sharedTestIdp();
    const context = testContext({ connectUsers: [{ username: connectName }] });
    const [finding] = await runScenario(connectUsernameCaseMismatch, flowWithSamlPost(buildSalesforceResponse(idp)), context);
    expect(finding?.basis).toBe('predicted');
    expect(finding?.evidence[0]).toMatchObject({ observed: TEST_DEFAULTS.roleSessionName, expected: connectName });
    expect(finding?.remediation[0]?.text).toContain('Alias part (jdoe)');
  });

  it('explains the observed "not onboarded" page', async () => {
    const idp = await sharedTestIdp();
    const context = testContext({ connectUsers: [{ username: connectName }] });
    const flow = flowWithSamlPost(buildSalesforceResponse(idp), { thenHops: [federateHop({ page: errorPage('connect-not-onboarded') })] });
    const [finding] = await runScenario(connectUsernameCaseMismatch, flow, context);
    expect(finding?.basis).toBe('observed');
  });

  it('stays silent when the username matches exactly, or no user list is given', async () => {
    const idp = await sharedTestIdp();
    const flow = flowWithSamlPost(buildSalesforceResponse(idp));
    expect(await runScenario(connectUsernameCaseMismatch, flow, testContext({ connectUsers: [{ username: TEST_DEFAULTS.roleSessionName }, { username: connectName }] }))).toEqual([]);
    expect(await runScenario(connectUsernameCaseMismatch, flow)).toEqual([]);
  });

  it('warns, without a user list, when the RoleSessionName follows the admin\'s format only if letter case is ignored', async () => {
    const idp = await sharedTestIdp();
    const response = buildSalesforceResponse(idp, { roleSessionName: 'jordan.voss@acme.example', attributes: { username: 'Jordan.Voss@acme.example' } });
    const context = testContext({ connectUsernameFormat: '{Username}' });
    const [finding] = await runScenario(connectUsernameCaseMismatch, flowWithSamlPost(response, { thenHops: [] }), context);
    expect(finding?.severity).toBe('warning');
    expect(finding?.title).toContain('follows your Connect username format (Jordan.Voss@acme.example) only if letter case is ignored');
    expect(finding?.evidence.find((item) => item.label === 'RoleSessionName and your Connect username format')?.expected).toBe(
      'expected per your username format {Username}: Jordan.Voss@acme.example',
    );
  });

  it('lets the Connect user list overrule the format', async () => {
    const idp = await sharedTestIdp();
    const response = buildSalesforceResponse(idp, { roleSessionName: 'jordan.voss@acme.example', attributes: { username: 'Jordan.Voss@acme.example' } });
    const context = testContext({ connectUsernameFormat: '{Username}', connectUsers: [{ username: 'jordan.voss@acme.example' }] });
    expect(await runScenario(connectUsernameCaseMismatch, flowWithSamlPost(response, { thenHops: [] }), context)).toEqual([]);
  });
});

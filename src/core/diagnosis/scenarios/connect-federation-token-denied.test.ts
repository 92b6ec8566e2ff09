import { describe, expect, it } from 'vitest';
import { TEST_DEFAULTS, buildSalesforceResponse, errorPage, federateHop, flowWithSamlPost, sharedTestIdp } from '../../../testing/saml-builder.ts';
import { runScenario } from '../../../testing/scenario-harness.ts';
import { connectFederationTokenDenied } from './connect-federation-token-denied.ts';

describe('connect-federation-token-denied', () => {
  it('fires on the Connect access-denied page with the policy and commands filled in', async () => {
    const idp = await sharedTestIdp();
    const page = errorPage('connect-federation-denied', { roleArn: 'arn:aws:iam::123456789012:role/service/AcmeVoice-FedRole' });
    const flow = flowWithSamlPost(buildSalesforceResponse(idp), { thenHops: [federateHop({ page })] });
    const [finding] = await runScenario(connectFederationTokenDenied, flow);
    expect(finding?.basis).toBe('observed');
    const commands = finding?.remediation.map((step) => step.command ?? '').join('\n') ?? '';
    expect(commands).toContain(`arn:aws:connect:us-east-1:123456789012:instance/${TEST_DEFAULTS.instanceId}/user/\${aws:userid}`);
    expect(commands).toContain('aws iam attach-role-policy --role-name AcmeVoice-FedRole --policy-arn arn:aws:iam::123456789012:policy/AmazonConnectGetFederationToken');
  });

  it('falls back to the role of the Role attribute when the page names none', async () => {
    const idp = await sharedTestIdp();
    const flow = flowWithSamlPost(buildSalesforceResponse(idp), { thenHops: [federateHop({ page: errorPage('connect-federation-denied') })] });
    const [finding] = await runScenario(connectFederationTokenDenied, flow);
    expect(finding?.remediation.map((step) => step.command ?? '').join('\n')).toContain(`--role-name ${TEST_DEFAULTS.roleName}`);
  });

  it('stays silent on a healthy flow', async () => {
    const idp = await sharedTestIdp();
    expect(await runScenario(connectFederationTokenDenied, flowWithSamlPost(buildSalesforceResponse(idp)))).toEqual([]);
  });
});

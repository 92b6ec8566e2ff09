import { describe, expect, it } from 'vitest';
import { TEST_DEFAULTS, buildSalesforceResponse, errorPage, flowWithSamlPost, sharedTestIdp } from '../../../testing/saml-builder.ts';
import { runScenario } from '../../../testing/scenario-harness.ts';
import { awsAssumeRoleDenied } from './aws-assume-role-denied.ts';

const REGIONAL = 'https://eu-central-1.signin.aws.amazon.com/saml';

describe('aws-assume-role-denied', () => {
  it('fires on the AccessDenied page with a trust policy for the provider, the regional audience and session tags', async () => {
    const idp = await sharedTestIdp();
    const xml = buildSalesforceResponse(idp, { destination: REGIONAL, attributes: { 'https://aws.amazon.com/SAML/Attributes/PrincipalTag:team': 'voice' } });
    const flow = flowWithSamlPost(xml, { samlUrl: REGIONAL, page: errorPage('aws-not-authorized-assume-role') });
    const [finding] = await runScenario(awsAssumeRoleDenied, flow);
    expect(finding?.basis).toBe('observed');
    const commands = finding?.remediation.map((step) => step.command ?? '').join('\n') ?? '';
    expect(commands).toContain(`aws iam get-role --role-name ${TEST_DEFAULTS.roleName}`);
    expect(commands).toContain(`"Federated": "${TEST_DEFAULTS.providerArn}"`);
    expect(commands).toContain(REGIONAL);
    expect(commands).toContain('sts:TagSession');
    expect(finding?.evidence.find((item) => item.label === 'Session tags sent')?.observed).toBe('team');
  });

  it('predicts the refusal of an assertion without a NameID', async () => {
    const idp = await sharedTestIdp();
    const [finding] = await runScenario(awsAssumeRoleDenied, flowWithSamlPost(buildSalesforceResponse(idp, { nameId: '' })));
    expect(finding?.basis).toBe('predicted');
    expect(finding?.evidence.find((item) => item.label === 'NameID')?.observed).toBe('absent or empty');
  });

  it('stays silent on a healthy flow', async () => {
    const idp = await sharedTestIdp();
    expect(await runScenario(awsAssumeRoleDenied, flowWithSamlPost(buildSalesforceResponse(idp)))).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { TEST_DEFAULTS, buildSalesforceResponse, errorPage, flowWithSamlPost, sharedTestIdp } from '../../../testing/saml-builder.ts';
import { runScenario } from '../../../testing/scenario-harness.ts';
import { awsProviderNotFound } from './aws-provider-not-found.ts';

describe('aws-provider-not-found', () => {
  it('fires on the "Specified provider doesn\'t exist" page with the provider commands filled in', async () => {
    const idp = await sharedTestIdp();
    const flow = flowWithSamlPost(buildSalesforceResponse(idp), { page: errorPage('aws-provider-not-found') });
    const [finding] = await runScenario(awsProviderNotFound, flow);
    expect(finding?.severity).toBe('error');
    const commands = finding?.remediation.map((step) => step.command ?? '').join('\n') ?? '';
    expect(commands).toContain('aws iam list-saml-providers');
    expect(commands).toContain(`aws iam create-saml-provider --name ${TEST_DEFAULTS.providerName}`);
  });

  it('predicts an error when the provider lives in another account than the role', async () => {
    const idp = await sharedTestIdp();
    const roles = [`${TEST_DEFAULTS.roleArn},arn:aws:iam::210987654321:saml-provider/${TEST_DEFAULTS.providerName}`];
    const [finding] = await runScenario(awsProviderNotFound, flowWithSamlPost(buildSalesforceResponse(idp, { roles })));
    expect(finding).toMatchObject({ basis: 'predicted', severity: 'error' });
    expect(finding?.evidence.find((item) => item.label === 'Account of the SAML provider')).toMatchObject({ observed: '210987654321', expected: '123456789012 (the role\'s account)' });
  });

  it('warns when the provider name carries another org id than the RoleSessionName', async () => {
    const idp = await sharedTestIdp();
    const roles = [`${TEST_DEFAULTS.roleArn},arn:aws:iam::123456789012:saml-provider/SalesforceVoiceIdp_00D5g000000zzzzEAA`];
    const [finding] = await runScenario(awsProviderNotFound, flowWithSamlPost(buildSalesforceResponse(idp, { roles })));
    expect(finding).toMatchObject({ basis: 'predicted', severity: 'warning' });
  });

  it('stays silent on a healthy flow', async () => {
    const idp = await sharedTestIdp();
    expect(await runScenario(awsProviderNotFound, flowWithSamlPost(buildSalesforceResponse(idp)))).toEqual([]);
  });
});

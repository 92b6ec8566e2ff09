import { describe, expect, it } from 'vitest';
import { TEST_DEFAULTS, buildSalesforceResponse, errorPage, flowWithSamlPost, sharedTestIdp } from '../../../testing/saml-builder.ts';
import { runScenario } from '../../../testing/scenario-harness.ts';
import { awsInvalidSamlResponse } from './aws-invalid-saml-response.ts';

describe('aws-invalid-saml-response', () => {
  it('fires on the generic AWS page and shows the Role value next to the expected pair', async () => {
    const idp = await sharedTestIdp();
    const flow = flowWithSamlPost(buildSalesforceResponse(idp, { roles: [` ${TEST_DEFAULTS.roleArn},${TEST_DEFAULTS.providerArn}`] }), { page: errorPage('aws-invalid-saml-response') });
    const [finding] = await runScenario(awsInvalidSamlResponse, flow);
    expect(finding?.basis).toBe('observed');
    const role = finding?.evidence.find((item) => item.label === 'Role attribute');
    expect(role?.observed).toBe(JSON.stringify(` ${TEST_DEFAULTS.roleArn},${TEST_DEFAULTS.providerArn}`));
    expect(role?.expected).toBe(JSON.stringify(`${TEST_DEFAULTS.roleArn},${TEST_DEFAULTS.providerArn}`));
  });

  it('names a SourceIdentity rejection', async () => {
    const idp = await sharedTestIdp();
    const xml = buildSalesforceResponse(idp, { attributes: { 'https://aws.amazon.com/SAML/Attributes/SourceIdentity': 'aws:jdoe' } });
    const [finding] = await runScenario(awsInvalidSamlResponse, flowWithSamlPost(xml, { page: errorPage('aws-source-identity-invalid') }));
    expect(finding?.title).toContain('SourceIdentity');
    expect(finding?.evidence.find((item) => item.label === 'SourceIdentity attribute')?.observed).toBe('aws:jdoe');
  });

  it('stays silent on a healthy flow', async () => {
    const idp = await sharedTestIdp();
    expect(await runScenario(awsInvalidSamlResponse, flowWithSamlPost(buildSalesforceResponse(idp)))).toEqual([]);
  });
});

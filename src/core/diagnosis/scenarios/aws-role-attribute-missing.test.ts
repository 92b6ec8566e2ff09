import { describe, expect, it } from 'vitest';
import { AWS_ATTRIBUTE } from '../../message/saml-message.ts';
import { TEST_DEFAULTS, buildSalesforceResponse, errorPage, flowWithSamlPost, sharedTestIdp } from '../../../testing/saml-builder.ts';
import { runScenario } from '../../../testing/scenario-harness.ts';
import { awsRoleAttributeMissing } from './aws-role-attribute-missing.ts';

const PAIR = `${TEST_DEFAULTS.roleArn},${TEST_DEFAULTS.providerArn}`;

describe('aws-role-attribute-missing', () => {
  it('flags a response without the Role attribute', async () => {
    const idp = await sharedTestIdp();
    const findings = await runScenario(awsRoleAttributeMissing, flowWithSamlPost(buildSalesforceResponse(idp, { omitAttributes: [AWS_ATTRIBUTE.role] })));
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding?.id).toBe('aws-role-attribute-missing');
    expect(finding?.severity).toBe('error');
    expect(finding?.basis).toBe('predicted');
    expect(finding?.evidence[0]?.observed).toBe(`no Attribute named ${AWS_ATTRIBUTE.role}`);
    expect(finding?.evidence[0]?.hopId).toBe('hop-2');
  });

  it('flags a Role attribute whose only value is blank', async () => {
    const idp = await sharedTestIdp();
    const [finding] = await runScenario(awsRoleAttributeMissing, flowWithSamlPost(buildSalesforceResponse(idp, { roles: ['   '] })));
    expect(finding?.evidence[0]?.observed).toContain('all empty or blank');
  });

  it('cites the generic invalid-SAML-response page but stays a prediction that explains it', async () => {
    const idp = await sharedTestIdp();
    const flow = flowWithSamlPost(buildSalesforceResponse(idp, { omitAttributes: [AWS_ATTRIBUTE.role] }), { page: errorPage('aws-invalid-saml-response') });
    const [finding] = await runScenario(awsRoleAttributeMissing, flow);
    expect(finding?.basis).toBe('predicted');
    expect(finding?.evidence[0]?.label).toBe('AWS sign-in page');
  });

  it('accepts the China-region spelling of the Role attribute', async () => {
    const idp = await sharedTestIdp();
    const xml = buildSalesforceResponse(idp, { omitAttributes: [AWS_ATTRIBUTE.role], attributes: { [AWS_ATTRIBUTE.roleChina]: PAIR } });
    expect(await runScenario(awsRoleAttributeMissing, flowWithSamlPost(xml))).toEqual([]);
  });

  it('stays silent on the healthy Salesforce response', async () => {
    const idp = await sharedTestIdp();
    expect(await runScenario(awsRoleAttributeMissing, flowWithSamlPost(buildSalesforceResponse(idp)))).toEqual([]);
  });

  it('stays silent when the assertion is encrypted and cannot be read', async () => {
    const idp = await sharedTestIdp();
    expect(await runScenario(awsRoleAttributeMissing, flowWithSamlPost(buildSalesforceResponse(idp, { encryptAssertion: true })))).toEqual([]);
  });
});

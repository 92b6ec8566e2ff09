import { describe, expect, it } from 'vitest';
import { AWS_ATTRIBUTE } from '../../message/saml-message.ts';
import { TEST_DEFAULTS, buildSalesforceResponse, errorPage, flowWithSamlPost, sharedTestIdp } from '../../../testing/saml-builder.ts';
import { runScenario } from '../../../testing/scenario-harness.ts';
import { awsRolesessionnameMissing } from './aws-rolesessionname-missing.ts';

describe('aws-rolesessionname-missing', () => {
  it('flags a response without the RoleSessionName attribute', async () => {
    const idp = await sharedTestIdp();
    const [finding, ...rest] = await runScenario(awsRolesessionnameMissing, flowWithSamlPost(buildSalesforceResponse(idp, { omitAttributes: [AWS_ATTRIBUTE.roleSessionName] })));
    expect(rest).toEqual([]);
    expect(finding?.id).toBe('aws-rolesessionname-missing');
    expect(finding?.severity).toBe('error');
    expect(finding?.basis).toBe('predicted');
    expect(finding?.evidence[0]?.observed).toBe(`no Attribute named ${AWS_ATTRIBUTE.roleSessionName}`);
    expect(finding?.remediation.map((step) => step.command ?? '').join(' ')).toContain(`--instance-id ${TEST_DEFAULTS.instanceId} --region ${TEST_DEFAULTS.region}`);
  });

  it('flags an empty RoleSessionName value', async () => {
    const idp = await sharedTestIdp();
    const [finding] = await runScenario(awsRolesessionnameMissing, flowWithSamlPost(buildSalesforceResponse(idp, { roleSessionName: '' })));
    expect(finding?.evidence[0]?.observed).toBe('the RoleSessionName value is empty');
  });

  it('reports what AWS said even when the assertion is encrypted', async () => {
    const idp = await sharedTestIdp();
    const flow = flowWithSamlPost(buildSalesforceResponse(idp, { encryptAssertion: true }), { page: errorPage('aws-rolesessionname-required') });
    const [finding] = await runScenario(awsRolesessionnameMissing, flow);
    expect(finding?.basis).toBe('observed');
    expect(finding?.evidence.map((item) => item.label)).toEqual(['AWS sign-in page']);
  });

  it('stays silent on the healthy Salesforce response', async () => {
    const idp = await sharedTestIdp();
    expect(await runScenario(awsRolesessionnameMissing, flowWithSamlPost(buildSalesforceResponse(idp)))).toEqual([]);
  });
});

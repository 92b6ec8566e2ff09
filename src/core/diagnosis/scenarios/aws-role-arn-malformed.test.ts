import { describe, expect, it } from 'vitest';
import { TEST_DEFAULTS, buildSalesforceResponse, flowWithSamlPost, sharedTestIdp } from '../../../testing/saml-builder.ts';
import { runScenario } from '../../../testing/scenario-harness.ts';
import { awsRoleArnMalformed } from './aws-role-arn-malformed.ts';

const { roleArn, providerArn } = TEST_DEFAULTS;

async function detect(roles: readonly string[]) {
  const idp = await sharedTestIdp();
  return runScenario(awsRoleArnMalformed, flowWithSamlPost(buildSalesforceResponse(idp, { roles })));
}

describe('aws-role-arn-malformed', () => {
  it('flags a Role value that has no SAML provider ARN, with the precise reason', async () => {
    const [finding] = await detect([roleArn]);
    expect(finding?.id).toBe('aws-role-arn-malformed');
    expect(finding?.severity).toBe('error');
    expect(finding?.evidence[0]?.observed).toContain('no SAML provider ARN');
    expect(finding?.evidence[0]?.field).toContain('AttributeValue[1]');
  });

  it('names the account id that is not 12 digits', async () => {
    const [finding] = await detect([`arn:aws:iam::12345678901:role/AcmeVoice-SAMLRole,${providerArn}`]);
    expect(finding?.evidence[0]?.observed).toContain('"12345678901", which is not 12 digits');
  });

  it('suggests the repaired value when both ARNs are there but a comma is doubled', async () => {
    const [finding] = await detect([`${roleArn},,${providerArn}`]);
    expect(finding?.remediation.map((step) => step.text).join(' ')).toContain(`"${roleArn},${providerArn}"`);
  });

  it('reports only the malformed values among several, numbered', async () => {
    const [finding] = await detect([`${roleArn},${providerArn}`, 'arn:aws:iam::123456789012:user/jdoe']);
    expect(finding?.evidence.map((item) => item.label)).toEqual(['Role value 2 of 2']);
  });

  it.each([
    ['role ARN first', `${roleArn},${providerArn}`],
    ['provider ARN first', `${providerArn},${roleArn}`],
  ])('accepts the pair with the %s', async (_order, value) => {
    expect(await detect([value])).toEqual([]);
  });

  it('leaves padded but otherwise correct values to aws-attribute-whitespace', async () => {
    expect(await detect([` ${roleArn},${providerArn} `])).toEqual([]);
  });

  it('stays silent on the healthy Salesforce response', async () => {
    const idp = await sharedTestIdp();
    expect(await runScenario(awsRoleArnMalformed, flowWithSamlPost(buildSalesforceResponse(idp)))).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { AWS_ATTRIBUTE } from '../../message/saml-message.ts';
import { TEST_DEFAULTS, buildSalesforceResponse, errorPage, flowWithSamlPost, sharedTestIdp, type ResponseOverrides } from '../../../testing/saml-builder.ts';
import { runScenario } from '../../../testing/scenario-harness.ts';
import { awsAttributeWhitespace, showWhitespace } from './aws-attribute-whitespace.ts';

const { roleArn, providerArn, roleSessionName } = TEST_DEFAULTS;

async function detect(overrides: ResponseOverrides) {
  const idp = await sharedTestIdp();
  return runScenario(awsAttributeWhitespace, flowWithSamlPost(buildSalesforceResponse(idp, overrides)));
}

describe('aws-attribute-whitespace', () => {
  it('flags a trailing space after the RoleSessionName and shows it with a marker', async () => {
    const [finding] = await detect({ roleSessionName: `${roleSessionName} ` });
    expect(finding?.id).toBe('aws-attribute-whitespace');
    expect(finding?.severity).toBe('error');
    expect(finding?.title).toContain('RoleSessionName');
    expect(finding?.evidence[0]?.observed).toBe(`${roleSessionName}␠`);
    expect(finding?.evidence[0]?.expected).toBe(roleSessionName);
    expect(finding?.evidence[0]?.field).toContain(AWS_ATTRIBUTE.roleSessionName);
  });

  it('flags a Role value wrapped in a line break and indentation, as pretty-printed XML does', async () => {
    const [finding] = await detect({ roles: [`\n\t${roleArn},${providerArn}\n`] });
    expect(finding?.evidence[0]?.observed).toBe(`␤␉${roleArn},${providerArn}␤`);
    expect(finding?.evidence[0]?.expected).toBe(`${roleArn},${providerArn}`);
  });

  it('flags whitespace next to the comma of a Role value', async () => {
    const [finding] = await detect({ roles: [`${roleArn}, ${providerArn}`] });
    expect(finding?.evidence[0]?.observed).toBe(`${roleArn},␠${providerArn}`);
  });

  it('reports both attributes when both are padded', async () => {
    const [finding] = await detect({ roles: [` ${roleArn},${providerArn}`], roleSessionName: `${roleSessionName}\t` });
    expect(finding?.evidence.map((item) => item.label)).toEqual(['Role value', 'RoleSessionName value']);
    expect(finding?.title).toContain('Role and RoleSessionName');
  });

  it('becomes observed when AWS rejected the padded RoleSessionName with its pattern error', async () => {
    const idp = await sharedTestIdp();
    const flow = flowWithSamlPost(buildSalesforceResponse(idp, { roleSessionName: ` ${roleSessionName}` }), { page: errorPage('aws-rolesessionname-invalid') });
    const [finding] = await runScenario(awsAttributeWhitespace, flow);
    expect(finding?.basis).toBe('observed');
  });

  it('does not mind spaces inside a value, such as a PrincipalTag holding a team name', async () => {
    expect(await detect({ attributes: { [`${AWS_ATTRIBUTE.principalTagPrefix}Team`]: 'Voice Team' } })).toEqual([]);
  });

  it('stays silent on the healthy Salesforce response', async () => {
    expect(await detect({})).toEqual([]);
  });
});

describe('showWhitespace', () => {
  it('marks only the leading and trailing runs', () => {
    expect(showWhitespace(' a b\r\n')).toBe('␠a b␍␤');
  });

  it('names unusual whitespace by code point', () => {
    expect(showWhitespace('x\u2003')).toBe('x⟨U+2003⟩');
    expect(showWhitespace('\u00a0x')).toBe('⍽x');
  });
});

import { describe, expect, it } from 'vitest';
import { TEST_DEFAULTS, buildFlow, buildSalesforceResponse, samlPostHop, flowWithSamlPost, sharedTestIdp, testContext, type ResponseOverrides, type SamlPostFlowOptions } from '../../../testing/saml-builder.ts';
import { runScenario } from '../../../testing/scenario-harness.ts';
import { awsRegionalEndpointMismatch } from './aws-regional-endpoint-mismatch.ts';

const GLOBAL = 'https://signin.aws.amazon.com/saml';
const FRANKFURT = 'https://eu-central-1.signin.aws.amazon.com/saml';
const FRANKFURT_FEDERATE = `https://eu-central-1.console.aws.amazon.com/connect/federate/${TEST_DEFAULTS.instanceId}`;

async function detect(overrides: ResponseOverrides, options: SamlPostFlowOptions, region?: string) {
  const idp = await sharedTestIdp();
  return runScenario(awsRegionalEndpointMismatch, flowWithSamlPost(buildSalesforceResponse(idp, overrides), options), testContext(region === undefined ? {} : { region }));
}

describe('aws-regional-endpoint-mismatch', () => {
  it('flags a response posted to a regional endpoint while addressed to the global one', async () => {
    const [finding] = await detect({}, { samlUrl: FRANKFURT, relayState: FRANKFURT_FEDERATE });
    expect(finding?.id).toBe('aws-regional-endpoint-mismatch');
    expect(finding?.severity).toBe('error');
    expect(finding?.evidence.map((item) => item.label)).toEqual(['Posted to', 'Recipient', 'Destination']);
    expect(finding?.evidence[1]?.observed).toBe(GLOBAL);
    expect(finding?.evidence[1]?.expected).toBe(FRANKFURT);
  });

  it('shows the trust policy condition with the observed URLs and fills in the role name', async () => {
    const [finding] = await detect({}, { samlUrl: FRANKFURT, relayState: FRANKFURT_FEDERATE });
    const trust = finding?.remediation.find((step) => step.actor === 'aws-admin');
    expect(trust?.text).toContain(JSON.stringify({ StringEquals: { 'SAML:aud': [GLOBAL, FRANKFURT] } }));
    expect(trust?.command).toContain(`--role-name ${TEST_DEFAULTS.roleName}`);
    expect(finding?.remediation[0]?.text).toContain(`ACS URL to ${FRANKFURT}`);
  });

  it('warns when a regional endpoint serves a relay state of another region', async () => {
    const [finding] = await detect({ destination: FRANKFURT }, { samlUrl: FRANKFURT });
    expect(finding?.severity).toBe('warning');
    expect(finding?.evidence.find((item) => item.label === 'RelayState region')?.observed).toContain('us-east-1');
  });

  it('warns when the Connect instance is known to be in another region than the endpoint', async () => {
    const [finding] = await detect({ destination: FRANKFURT }, { samlUrl: FRANKFURT, relayState: FRANKFURT_FEDERATE }, 'ap-southeast-2');
    expect(finding?.evidence.find((item) => item.label === 'Connect instance region')?.observed).toBe('ap-southeast-2');
  });

  it('flags a response posted to the global endpoint but addressed to a regional one', async () => {
    const [finding] = await detect({ destination: FRANKFURT }, {});
    expect(finding?.title).toContain(`posted to ${GLOBAL} but is addressed to ${FRANKFURT}`);
  });

  it('stays silent when the regional endpoint, Recipient, Destination and relay state agree', async () => {
    expect(await detect({ destination: FRANKFURT }, { samlUrl: FRANKFURT, relayState: FRANKFURT_FEDERATE })).toEqual([]);
  });

  it('ignores a trailing slash and host case when comparing URLs', async () => {
    expect(await detect({ destination: 'https://EU-CENTRAL-1.signin.aws.amazon.com/saml/' }, { samlUrl: FRANKFURT, relayState: FRANKFURT_FEDERATE })).toEqual([]);
  });

  it('compares a pasted message\'s addresses with each other, not with an assumed endpoint', async () => {
    const idp = await sharedTestIdp();
    const pasted = (xml: string) => buildFlow({ source: 'message', hops: [samlPostHop(xml, { relayState: FRANKFURT_FEDERATE })] });
    expect(await runScenario(awsRegionalEndpointMismatch, pasted(buildSalesforceResponse(idp, { destination: FRANKFURT })))).toEqual([]);
    const [finding] = await runScenario(awsRegionalEndpointMismatch, pasted(buildSalesforceResponse(idp, { destination: FRANKFURT, recipient: GLOBAL })));
    expect(finding?.title).toBe(`The response is addressed both to ${GLOBAL} and to ${FRANKFURT}`);
    expect(finding?.evidence.map((item) => item.label)).toEqual(['Destination']);
  });

  it('stays silent on the healthy Salesforce response', async () => {
    expect(await detect({}, {})).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { buildSalesforceResponse, errorPage, flowWithSamlPost, sharedTestIdp, testContext } from '../../../testing/saml-builder.ts';
import { metadataFor, runScenario } from '../../../testing/scenario-harness.ts';
import { awsIssuerMismatch } from './aws-issuer-mismatch.ts';

describe('aws-issuer-mismatch', () => {
  it('fires on the "Issuer not present in specified provider" page', async () => {
    const idp = await sharedTestIdp();
    const flow = flowWithSamlPost(buildSalesforceResponse(idp), { page: errorPage('aws-issuer-not-present') });
    const [finding] = await runScenario(awsIssuerMismatch, flow);
    expect(finding?.basis).toBe('observed');
    expect(finding?.severity).toBe('error');
  });

  it('predicts an error when the Issuer differs from the metadata entityID by a trailing slash', async () => {
    const idp = await sharedTestIdp();
    const context = testContext({ metadata: await metadataFor(idp, { entityId: 'https://acme.my.salesforce.com/' }) });
    const [finding] = await runScenario(awsIssuerMismatch, flowWithSamlPost(buildSalesforceResponse(idp)), context);
    expect(finding?.severity).toBe('error');
    expect(finding?.basis).toBe('predicted');
    const assertionIssuer = finding?.evidence.find((item) => item.label === 'Assertion Issuer');
    expect(assertionIssuer).toMatchObject({ observed: 'https://acme.my.salesforce.com', hopId: 'hop-2' });
    expect(assertionIssuer?.expected).toContain('https://acme.my.salesforce.com/ (entityID in the IAM metadata)');
  });

  it('predicts an error when the Issuer is not the expected issuer', async () => {
    const idp = await sharedTestIdp();
    const context = testContext({ expectedIssuer: 'https://acme-voice.my.salesforce.com' });
    const [finding] = await runScenario(awsIssuerMismatch, flowWithSamlPost(buildSalesforceResponse(idp)), context);
    expect(finding?.severity).toBe('error');
  });

  it('warns when, without metadata, the Issuer is not the org My Domain seen at idp/login', async () => {
    const idp = await sharedTestIdp();
    const flow = flowWithSamlPost(buildSalesforceResponse(idp, { issuer: 'https://voice.acme.example' }));
    const [finding] = await runScenario(awsIssuerMismatch, flow);
    expect(finding?.severity).toBe('warning');
    expect(finding?.evidence[0]?.expected).toContain('https://acme.my.salesforce.com');
    expect(finding?.remediation[0]?.text).toContain('https://acme.my.salesforce.com');
  });

  it('stays silent on a healthy flow, with and without metadata', async () => {
    const idp = await sharedTestIdp();
    const flow = flowWithSamlPost(buildSalesforceResponse(idp));
    expect(await runScenario(awsIssuerMismatch, flow)).toEqual([]);
    expect(await runScenario(awsIssuerMismatch, flow, testContext({ metadata: await metadataFor(idp) }))).toEqual([]);
  });
});

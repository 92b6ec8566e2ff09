import { describe, expect, it } from 'vitest';
import { buildFlow, buildSalesforceResponse, samlPostHop, errorPage, flowWithSamlPost, sharedTestIdp, type ResponseOverrides, type SamlPostFlowOptions } from '../../../testing/saml-builder.ts';
import { runScenario } from '../../../testing/scenario-harness.ts';
import { awsAudienceMismatch } from './aws-audience-mismatch.ts';

const FRANKFURT = 'https://eu-central-1.signin.aws.amazon.com/saml';

async function detect(overrides: ResponseOverrides, options: SamlPostFlowOptions = {}) {
  const idp = await sharedTestIdp();
  return runScenario(awsAudienceMismatch, flowWithSamlPost(buildSalesforceResponse(idp, overrides), options));
}

describe('aws-audience-mismatch', () => {
  it('flags an Audience that is the contact center name instead of AWS sign-in', async () => {
    const [finding] = await detect({ audiences: ['AcmeVoice'] });
    expect(finding?.id).toBe('aws-audience-mismatch');
    expect(finding?.severity).toBe('error');
    expect(finding?.basis).toBe('predicted');
    const audience = finding?.evidence.find((item) => item.label === 'Audience');
    expect(audience?.observed).toBe('"AcmeVoice"');
    expect(audience?.expected).toBe('https://signin.aws.amazon.com/saml or urn:amazon:webservices');
  });

  it('points out a near miss such as a trailing slash', async () => {
    const [finding] = await detect({ audiences: ['https://signin.aws.amazon.com/saml/'] });
    expect(finding?.evidence.find((item) => item.label === 'Near miss')?.observed).toBe('"https://signin.aws.amazon.com/saml/"');
  });

  it('flags an assertion without any Audience', async () => {
    const [finding] = await detect({ audiences: [] });
    expect(finding?.evidence.find((item) => item.label === 'Audience')?.observed).toContain('no Audience');
  });

  it('flags the regional URL of another region than the one posted to', async () => {
    const [finding] = await detect({ audiences: [FRANKFURT] });
    expect(finding?.evidence.find((item) => item.label === 'Posted to')?.observed).toBe('https://signin.aws.amazon.com/saml');
  });

  it('accepts urn:amazon:webservices', async () => {
    expect(await detect({ audiences: ['urn:amazon:webservices'] })).toEqual([]);
  });

  it('accepts the regional sign-in URL the response was posted to', async () => {
    expect(await detect({ audiences: [FRANKFURT], destination: FRANKFURT }, { samlUrl: FRANKFURT })).toEqual([]);
  });

  it('gives a pasted message with a regional audience the benefit of the doubt', async () => {
    const idp = await sharedTestIdp();
    const flow = buildFlow({ source: 'message', hops: [samlPostHop(buildSalesforceResponse(idp, { audiences: [FRANKFURT] }))] });
    expect(await runScenario(awsAudienceMismatch, flow)).toEqual([]);
  });

  it('accepts the response when one of several audiences is right', async () => {
    expect(await detect({ audiences: ['AcmeVoice', 'https://signin.aws.amazon.com/saml'] })).toEqual([]);
  });

  it('becomes observed when AWS said the audience was missing', async () => {
    const [finding] = await detect({ audiences: ['AcmeVoice'] }, { page: errorPage('aws-audience-missing') });
    expect(finding?.basis).toBe('observed');
  });

  it('stays silent on the healthy Salesforce response', async () => {
    expect(await detect({})).toEqual([]);
  });
});

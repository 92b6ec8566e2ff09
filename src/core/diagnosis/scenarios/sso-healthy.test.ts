import { describe, expect, it } from 'vitest';
import { TEST_DEFAULTS, buildFlow, buildSalesforceResponse, errorPage, flowWithSamlPost, samlPostHop, sharedTestIdp } from '../../../testing/saml-builder.ts';
import { runScenario } from '../../../testing/scenario-harness.ts';
import { ssoHealthy } from './sso-healthy.ts';

describe('sso-healthy', () => {
  it('fires when the flow reached the Connect CCP', async () => {
    const idp = await sharedTestIdp();
    const [finding] = await runScenario(ssoHealthy, flowWithSamlPost(buildSalesforceResponse(idp)));
    expect(finding).toMatchObject({ id: 'sso-healthy', severity: 'info', basis: 'observed' });
    expect(finding?.evidence[0]?.observed).toBe(TEST_DEFAULTS.connectAppUrl);
  });

  it('gives a lone readable SAML response a predicted all-clear', async () => {
    const idp = await sharedTestIdp();
    const flow = buildFlow({ source: 'message', hops: [samlPostHop(buildSalesforceResponse(idp))] });
    const [finding] = await runScenario(ssoHealthy, flow);
    expect(finding?.basis).toBe('predicted');
  });

  it('stays silent when the flow ended on an error page', async () => {
    const idp = await sharedTestIdp();
    expect(await runScenario(ssoHealthy, flowWithSamlPost(buildSalesforceResponse(idp), { page: errorPage('aws-signature-invalid') }))).toEqual([]);
  });
});

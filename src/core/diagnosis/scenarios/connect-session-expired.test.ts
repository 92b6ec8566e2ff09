import { describe, expect, it } from 'vitest';
import { buildFlow, buildSalesforceResponse, connectAppHop, errorPage, federateHop, flowWithSamlPost, sharedTestIdp } from '../../../testing/saml-builder.ts';
import { runScenario } from '../../../testing/scenario-harness.ts';
import { connectSessionExpired } from './connect-session-expired.ts';

describe('connect-session-expired', () => {
  it('fires when Connect says the session expired right after the SAML sign-in', async () => {
    const idp = await sharedTestIdp();
    const flow = flowWithSamlPost(buildSalesforceResponse(idp), { thenHops: [federateHop(), connectAppHop({ page: errorPage('connect-session-expired') })] });
    const [finding] = await runScenario(connectSessionExpired, flow);
    expect(finding?.title).toContain('right after');
    expect(finding?.evidence[1]?.observed).toBe('yes');
  });

  it('explains that Connect was opened directly when no sign-in preceded the page', async () => {
    const flow = buildFlow({ hops: [connectAppHop({ page: errorPage('connect-session-expired') })] });
    const [finding] = await runScenario(connectSessionExpired, flow);
    expect(finding?.title).toContain('opened without signing in');
    expect(finding?.cause).toContain('start at the identity provider');
  });

  it('stays silent on a healthy flow', async () => {
    const idp = await sharedTestIdp();
    expect(await runScenario(connectSessionExpired, flowWithSamlPost(buildSalesforceResponse(idp)))).toEqual([]);
  });
});

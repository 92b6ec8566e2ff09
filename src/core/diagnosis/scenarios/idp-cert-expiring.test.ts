import { describe, expect, it } from 'vitest';
import { TEST_DEFAULTS, buildSalesforceResponse, createTestIdp, flowWithSamlPost, sharedTestIdp } from '../../../testing/saml-builder.ts';
import { runScenario } from '../../../testing/scenario-harness.ts';
import { idpCertExpiring } from './idp-cert-expiring.ts';

const DAY = 24 * 60 * 60 * 1000;
/** flowWithSamlPost's AWS Date header: 2 s after the IssueInstant. */
const RECEIVED = Date.parse(TEST_DEFAULTS.issueInstant) + 2000;

async function detectWithNotAfter(notAfter: number) {
  const idp = await createTestIdp({ notBefore: new Date('2025-01-01T00:00:00Z'), notAfter: new Date(notAfter) });
  return runScenario(idpCertExpiring, flowWithSamlPost(buildSalesforceResponse(idp)));
}

describe('idp-cert-expiring', () => {
  it('warns 29 days before the signing certificate expires', async () => {
    const [finding] = await detectWithNotAfter(RECEIVED + 29 * DAY);
    expect(finding?.id).toBe('idp-cert-expiring');
    expect(finding?.severity).toBe('warning');
    expect(finding?.title).toBe('The IdP signing certificate expires in 29 days');
    expect(finding?.remediation[0]?.consolePath).toContain('Create Self-Signed Certificate');
  });

  it('says nothing 31 days ahead', async () => {
    expect(await detectWithNotAfter(RECEIVED + 31 * DAY)).toEqual([]);
  });

  it('leaves an already expired certificate to idp-cert-expired', async () => {
    expect(await detectWithNotAfter(RECEIVED - DAY)).toEqual([]);
  });

  it('stays silent on the healthy Salesforce response', async () => {
    const idp = await sharedTestIdp();
    expect(await runScenario(idpCertExpiring, flowWithSamlPost(buildSalesforceResponse(idp)))).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { buildSalesforceResponse, createTestIdp, flowWithSamlPost, sharedTestIdp } from '../../../testing/saml-builder.ts';
import { runScenario } from '../../../testing/scenario-harness.ts';
import { idpCertWeakKey } from './idp-cert-weak-key.ts';

describe('idp-cert-weak-key', () => {
  it('warns about a 1024-bit signing key', async () => {
    const weak = await createTestIdp({ keyBits: 1024 });
    const [finding] = await runScenario(idpCertWeakKey, flowWithSamlPost(buildSalesforceResponse(weak)));
    expect(finding?.id).toBe('idp-cert-weak-key');
    expect(finding?.severity).toBe('warning');
    expect(finding?.title).toBe('The IdP signing key has only 1024 bits');
    expect(finding?.evidence[0]?.observed).toContain(weak.sha256Fingerprint);
  });

  it('is an error under 1024 bits, which IAM refuses', async () => {
    const tiny = await createTestIdp({ keyBits: 512 });
    const [finding] = await runScenario(idpCertWeakKey, flowWithSamlPost(buildSalesforceResponse(tiny)));
    expect(finding?.severity).toBe('error');
    expect(finding?.title).toContain('IAM refuses it');
  });

  it('stays silent on the healthy Salesforce response (2048 bits)', async () => {
    const idp = await sharedTestIdp();
    expect(await runScenario(idpCertWeakKey, flowWithSamlPost(buildSalesforceResponse(idp)))).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { buildSalesforceResponse, flowWithSamlPost, sharedTestIdp } from '../../../testing/saml-builder.ts';
import { runScenario } from '../../../testing/scenario-harness.ts';
import { samlSha1Signature } from './saml-sha1-signature.ts';

describe('saml-sha1-signature', () => {
  it('warns about SHA-1 signature and digest methods on both signatures', async () => {
    const idp = await sharedTestIdp();
    const [finding] = await runScenario(samlSha1Signature, flowWithSamlPost(buildSalesforceResponse(idp, { signatureAlgorithm: 'sha1' })));
    expect(finding?.id).toBe('saml-sha1-signature');
    expect(finding?.severity).toBe('warning');
    expect(finding?.evidence).toHaveLength(4);
    expect(finding?.evidence.map((item) => item.observed)).toContain('http://www.w3.org/2000/09/xmldsig#rsa-sha1');
    expect(finding?.evidence.map((item) => item.observed)).toContain('http://www.w3.org/2000/09/xmldsig#sha1');
    expect(finding?.remediation[0]?.consolePath).toContain('SHA256');
  });

  it('stays silent on the healthy SHA-256 response and on an unsigned one', async () => {
    const idp = await sharedTestIdp();
    expect(await runScenario(samlSha1Signature, flowWithSamlPost(buildSalesforceResponse(idp)))).toEqual([]);
    expect(await runScenario(samlSha1Signature, flowWithSamlPost(buildSalesforceResponse(idp, { sign: 'none' })))).toEqual([]);
  });
});

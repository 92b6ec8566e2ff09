import { describe, expect, it } from 'vitest';
import { buildSalesforceResponse, createTestIdp, flowWithSamlPost, sharedTestIdp, testContext } from '../../testing/saml-builder.ts';
import { metadataFor } from '../../testing/scenario-harness.ts';
import { analyzeFlow, normalizeFingerprint } from './analyze-flow.ts';

describe('analyzeFlow', () => {
  it('analyses only the hops that carry a SAML value', async () => {
    const idp = await sharedTestIdp();
    const analyzed = await analyzeFlow(flowWithSamlPost(buildSalesforceResponse(idp)), testContext());
    expect(analyzed.hops.map((entry) => entry.saml?.message?.kind)).toEqual([undefined, 'Response', undefined, undefined]);
  });

  it('trusts the signing certificates of the IAM metadata', async () => {
    const idp = await sharedTestIdp();
    const analyzed = await analyzeFlow(flowWithSamlPost(buildSalesforceResponse(idp)), testContext({ metadata: await metadataFor(idp) }));
    expect(analyzed.hops[1]?.saml?.signatures?.signatures.map((check) => check.outcome)).toEqual(['valid', 'valid']);
  });

  it('trusts the message certificate whose fingerprint was given as expected, and only that one', async () => {
    const idp = await sharedTestIdp();
    const flow = flowWithSamlPost(buildSalesforceResponse(idp));
    const trusted = await analyzeFlow(flow, testContext({ expectedCertificateFingerprints: [idp.sha256Fingerprint.toLowerCase()] }));
    expect(trusted.hops[1]?.saml?.signatures?.signatures[0]?.outcome).toBe('valid');
    const other = await createTestIdp();
    const untrusted = await analyzeFlow(flow, testContext({ expectedCertificateFingerprints: [other.sha256Fingerprint] }));
    expect(untrusted.hops[1]?.saml?.signatures?.signatures[0]?.outcome).toBe('valid-keyinfo-only');
  });

  it('normalises fingerprints written with colons, spaces or lower case', () => {
    expect(normalizeFingerprint('ab:cd ef')).toBe('ABCDEF');
  });
});

import { describe, expect, it } from 'vitest';
import { analyzeFlow } from '../analyze-flow.ts';
import { TEST_DEFAULTS, buildSalesforceResponse, createTestIdp, errorPage, flowWithSamlPost, sharedTestIdp, testContext } from '../../../testing/saml-builder.ts';
import { attestedFlow } from '../../../testing/attested-flow.ts';
import { metadataFor, runScenario } from '../../../testing/scenario-harness.ts';
import { idpCertExpired, signingCertificates } from './idp-cert-expired.ts';

describe('idp-cert-expired', () => {
  it('warns about a signing certificate that expired before AWS received the response', async () => {
    const expired = await createTestIdp({ notBefore: new Date('2024-01-01T00:00:00Z'), notAfter: new Date('2026-01-01T00:00:00Z') });
    const [finding] = await runScenario(idpCertExpired, flowWithSamlPost(buildSalesforceResponse(expired)));
    expect(finding?.id).toBe('idp-cert-expired');
    expect(finding?.severity).toBe('warning');
    expect(finding?.title).toBe('The IdP signing certificate has expired');
    expect(finding?.evidence[0]?.label).toBe('Signing certificate (verified the signature)');
    expect(finding?.evidence[0]?.observed).toContain(expired.sha256Fingerprint);
    expect(finding?.evidence[0]?.observed).toContain('expired 60 days before');
    expect(finding?.remediation.map((step) => step.command ?? '').join(' ')).toContain(`--saml-provider-arn ${TEST_DEFAULTS.providerArn}`);
  });

  it('says the signing certificate rests on an attested, not re-verified, signature in a re-imported redacted export', async () => {
    const expired = await createTestIdp({ notBefore: new Date('2024-01-01T00:00:00Z'), notAfter: new Date('2026-01-01T00:00:00Z') });
    const [finding] = await runScenario(idpCertExpired, await attestedFlow(flowWithSamlPost(buildSalesforceResponse(expired))));
    expect(finding?.evidence[0]?.label).toBe('Signing certificate (verified the signature) (attested by the exporting extension, not re-verified)');
    expect(finding?.evidence[0]?.observed).toContain(expired.sha256Fingerprint);
  });

  it('is an error when AWS did reject the signature', async () => {
    const expired = await createTestIdp({ notBefore: new Date('2024-01-01T00:00:00Z'), notAfter: new Date('2026-01-01T00:00:00Z') });
    const flow = flowWithSamlPost(buildSalesforceResponse(expired), { page: errorPage('aws-signature-invalid') });
    const [finding] = await runScenario(idpCertExpired, flow);
    expect(finding?.severity).toBe('error');
    expect(finding?.basis).toBe('observed');
  });

  it('calls a certificate whose validity starts later "not valid yet"', async () => {
    const future = await createTestIdp({ notBefore: new Date('2026-04-01T00:00:00Z'), notAfter: new Date('2028-04-01T00:00:00Z') });
    const [finding] = await runScenario(idpCertExpired, flowWithSamlPost(buildSalesforceResponse(future)));
    expect(finding?.title).toBe('The IdP signing certificate is not valid yet');
  });

  it('checks the metadata certificate when the response carries no usable signature', async () => {
    const expired = await createTestIdp({ notBefore: new Date('2024-01-01T00:00:00Z'), notAfter: new Date('2026-01-01T00:00:00Z') });
    const context = testContext({ metadata: await metadataFor(expired) });
    const [finding] = await runScenario(idpCertExpired, flowWithSamlPost(buildSalesforceResponse(expired, { sign: 'none' })), context);
    expect(finding?.evidence[0]?.label).toBe('Signing certificate in the IdP metadata');
    expect(finding?.evidence[0]?.hopId).toBeUndefined();
  });

  it('stays silent on the healthy Salesforce response', async () => {
    const idp = await sharedTestIdp();
    expect(await runScenario(idpCertExpired, flowWithSamlPost(buildSalesforceResponse(idp)))).toEqual([]);
  });
});

describe('signingCertificates', () => {
  it('prefers the certificate that verified the signature over the other metadata certificates', async () => {
    const idp = await sharedTestIdp();
    const other = await createTestIdp();
    const context = testContext({ metadata: await metadataFor(other, { extraCertificates: [idp] }) });
    const analyzed = await analyzeFlow(flowWithSamlPost(buildSalesforceResponse(idp)), context);
    const found = signingCertificates(analyzed.hops[1]?.saml, context);
    expect(found.map((entry) => [entry.source, entry.certificate.sha256Fingerprint])).toEqual([['verified', idp.sha256Fingerprint]]);
  });

  it('falls back to the KeyInfo certificate, unverified, when nothing else is known', async () => {
    const idp = await sharedTestIdp();
    const analyzed = await analyzeFlow(flowWithSamlPost(buildSalesforceResponse(idp, { tamper: true })), testContext());
    const found = signingCertificates(analyzed.hops[1]?.saml, testContext());
    expect(found.map((entry) => entry.source)).toEqual(['keyinfo']);
  });
});

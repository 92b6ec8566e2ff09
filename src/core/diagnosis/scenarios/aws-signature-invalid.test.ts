import { describe, expect, it } from 'vitest';
import { TEST_DEFAULTS, buildSalesforceResponse, createTestIdp, errorPage, flowWithSamlPost, sharedTestIdp, testContext } from '../../../testing/saml-builder.ts';
import { attestedFlow } from '../../../testing/attested-flow.ts';
import { metadataFor, runScenario } from '../../../testing/scenario-harness.ts';
import { awsSignatureInvalid } from './aws-signature-invalid.ts';

describe('aws-signature-invalid', () => {
  it('fires on the "Response signature invalid" page', async () => {
    const idp = await sharedTestIdp();
    const flow = flowWithSamlPost(buildSalesforceResponse(idp), { page: errorPage('aws-signature-invalid') });
    const [finding] = await runScenario(awsSignatureInvalid, flow);
    expect(finding?.basis).toBe('observed');
    expect(finding?.evidence.find((item) => item.label === 'STS request id')?.observed).toBe('0f1e2d3c-aaaa-bbbb-cccc-444455556666');
  });

  it('predicts the rejection when Salesforce signs with another certificate than the one in the IAM metadata', async () => {
    const inIam = await sharedTestIdp();
    const rotated = await createTestIdp();
    const context = testContext({ metadata: await metadataFor(inIam) });
    const [finding] = await runScenario(awsSignatureInvalid, flowWithSamlPost(buildSalesforceResponse(rotated)), context);
    expect(finding?.basis).toBe('predicted');
    expect(finding?.severity).toBe('error');
    const certificate = finding?.evidence.find((item) => item.label.startsWith('Signing certificate'));
    expect(certificate?.observed).toContain(rotated.sha256Fingerprint);
    expect(certificate?.expected).toContain(inIam.sha256Fingerprint);
    expect(finding?.remediation.map((step) => step.command).join('\n')).toContain(`--saml-provider-arn ${TEST_DEFAULTS.providerArn}`);
    expect(finding?.remediation[0]?.consolePath).toContain('SelfSignedCert_02Mar2025_100000 (expires 2027-03-02');
  });

  it('says the signature check was attested by the exporter, not re-verified, in a re-imported redacted export', async () => {
    const inIam = await sharedTestIdp();
    const rotated = await createTestIdp();
    const context = testContext({ metadata: await metadataFor(inIam) });
    const flow = await attestedFlow(flowWithSamlPost(buildSalesforceResponse(rotated)));
    const [finding] = await runScenario(awsSignatureInvalid, flow, context);
    const checks = finding?.evidence.filter((item) => item.label === 'Signature check') ?? [];
    expect(checks.length).toBeGreaterThan(0);
    for (const check of checks) expect(check.observed).toBe('verifies only with the certificate inside the message (attested by the exporting extension, not re-verified)');
    const live = await runScenario(awsSignatureInvalid, flowWithSamlPost(buildSalesforceResponse(rotated)), context);
    expect(live[0]?.evidence.find((item) => item.label === 'Signature check')?.observed).toBe('verifies only with the certificate inside the message');
  });

  it('predicts the rejection against an expected fingerprint written in any format', async () => {
    const expected = await sharedTestIdp();
    const rotated = await createTestIdp();
    const context = testContext({ expectedCertificateFingerprints: [expected.sha1Fingerprint.replace(/:/g, '').toLowerCase()] });
    const findings = await runScenario(awsSignatureInvalid, flowWithSamlPost(buildSalesforceResponse(rotated)), context);
    expect(findings.map((finding) => finding.id)).toEqual(['aws-signature-invalid']);
  });

  it('stays silent when the signing certificate is the expected one', async () => {
    const idp = await sharedTestIdp();
    const context = testContext({ expectedCertificateFingerprints: [idp.sha256Fingerprint] });
    expect(await runScenario(awsSignatureInvalid, flowWithSamlPost(buildSalesforceResponse(idp)), context)).toEqual([]);
  });

  it('predicts the rejection of a response changed after signing, even without metadata', async () => {
    const idp = await sharedTestIdp();
    const [finding] = await runScenario(awsSignatureInvalid, flowWithSamlPost(buildSalesforceResponse(idp, { tamper: true })));
    expect(finding?.basis).toBe('predicted');
    expect(finding?.cause).toContain('altered');
  });

  it('tells the admin when the signing certificate has expired', async () => {
    const expired = await createTestIdp({ notBefore: new Date('2024-01-01T00:00:00Z'), notAfter: new Date('2026-01-01T00:00:00Z') });
    const flow = flowWithSamlPost(buildSalesforceResponse(expired), { page: errorPage('aws-signature-invalid') });
    const [finding] = await runScenario(awsSignatureInvalid, flow);
    expect(finding?.evidence.find((item) => item.label === 'Signing certificate validity')?.observed).toContain('2026-01-01');
    expect(finding?.remediation[0]?.text).toContain('ended on 2026-01-01');
  });

  it('stays silent on a healthy flow, with and without the IAM metadata', async () => {
    const idp = await sharedTestIdp();
    const flow = flowWithSamlPost(buildSalesforceResponse(idp));
    expect(await runScenario(awsSignatureInvalid, flow)).toEqual([]);
    expect(await runScenario(awsSignatureInvalid, flow, testContext({ metadata: await metadataFor(idp) }))).toEqual([]);
  });
});

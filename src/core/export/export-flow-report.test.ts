import { describe, expect, it } from 'vitest';
import {
  buildFlow,
  buildIdpMetadataXml,
  buildSalesforceResponse,
  connectAppHop,
  createTestIdp,
  errorPage,
  federateHop,
  flowWithSamlPost,
  idpLoginHop,
  sharedTestIdp,
  TEST_DEFAULTS,
  testContext,
  type TestIdp,
} from '../../testing/saml-builder.ts';
import { attestedFlow } from '../../testing/attested-flow.ts';
import { analyzeSamlValue } from '../analysis/analyze-saml-value.ts';
import type { AnalyzedHop } from '../diagnosis/analyzed-flow.ts';
import { diagnose, diagnoseFlow } from '../diagnosis/diagnose.ts';
import type { Diagnosis } from '../diagnosis/diagnosis.ts';
import type { DiagnosisContext } from '../diagnosis/diagnosis-context.ts';
import type { Flow } from '../flow/flow.ts';
import { readIdpMetadata } from '../metadata/read-idp-metadata.ts';
import { flowsFromHar } from '../flow/flow-from-har.ts';
import { analyzeAttestedSamlValue } from '../redaction/analyze-attested-saml-value.ts';
import { readRedactionAttestation, REDACTION_ATTESTATION_FIELD } from '../redaction/redaction-attestation.ts';
import { exportFlowReport, type ReportFormat } from './export-flow-report.ts';

const SALT = 'test-salt-7f3a';

async function exported(flow: Flow, diagnosis: Diagnosis, format: ReportFormat, redact = true, context?: DiagnosisContext) {
  return exportFlowReport(flow, diagnosis, { format, redact, salt: SALT, now: diagnosis.evaluatedAt, ...(context === undefined ? {} : { context }) });
}

interface HarJson {
  readonly log: { readonly entries: readonly Record<string, unknown>[]; readonly _ssoDoctor: { readonly primaryFindingId: string; readonly evaluatedAt: string } };
}

/**
 * What `sso-doctor diagnose <har>` does once the integrator has wired the attestation in: import
 * the HAR, analyse each SAML value (attested values with analyzeAttestedSamlValue), and diagnose;
 * given no trust anchors of its own, with the fingerprints the exporter trusted as expected ones.
 */
async function diagnoseReimported(harText: string, now: string): Promise<{ flow: Flow; diagnosis: Diagnosis }> {
  const har = JSON.parse(harText) as HarJson;
  const imported = flowsFromHar(har);
  expect(imported.flows).toHaveLength(1);
  const flow = imported.flows[0] as Flow;
  const hops: AnalyzedHop[] = [];
  const trusted = new Set<string>();
  for (const hop of flow.hops) {
    const value = hop.saml?.SAMLResponse ?? hop.saml?.SAMLRequest;
    if (value === undefined) {
      hops.push({ hop, saml: undefined });
      continue;
    }
    const parameter = hop.saml?.SAMLResponse !== undefined ? 'SAMLResponse' : 'SAMLRequest';
    const entry = har.log.entries[Number(hop.id.replace('har-entry-', ''))];
    const attestation = readRedactionAttestation(entry?.[REDACTION_ATTESTATION_FIELD]);
    const attested = attestation === undefined ? undefined : analyzeAttestedSamlValue(value, parameter, attestation);
    expect(attested).toBeDefined();
    for (const fingerprint of attestation?.trustedFingerprints ?? []) trusted.add(fingerprint);
    hops.push({ hop, saml: attested ?? (await analyzeSamlValue(value, parameter)) });
  }
  const context: DiagnosisContext = trusted.size === 0 ? { now } : { now, expectedCertificateFingerprints: [...trusted] };
  return { flow, diagnosis: diagnose({ flow, hops }, context) };
}

describe('exportFlowReport: Markdown and JSON', () => {
  it('writes a Markdown report with the verdict, steps, findings, hop table, assertion and receipt, and no real names', async () => {
    const idp = await sharedTestIdp();
    const flow = flowWithSamlPost(buildSalesforceResponse(idp), { page: errorPage('aws-signature-invalid') });
    const diagnosis = await diagnoseFlow(flow, testContext());
    const report = await exported(flow, diagnosis, 'markdown');
    expect(report.filename).toBe('sso-doctor-20260302-100003-redacted.md');
    expect(report.mimeType).toBe('text/markdown');
    for (const heading of ['## Verdict', '## What to do', '## Findings', '## Flow', '## SAML message', '### Signatures', '### Certificates', '## Redaction receipt']) {
      expect(report.content).toContain(heading);
    }
    expect(report.content).toContain('aws-signature-invalid');
    expect(report.content).toContain(idp.sha256Fingerprint);
    expect(report.content).toContain('https://acme.my.salesforce.com');
    expect(report.content).toContain('Redacted by sso-doctor');
    for (const secret of [TEST_DEFAULTS.nameId, TEST_DEFAULTS.orgId, TEST_DEFAULTS.accountId, TEST_DEFAULTS.instanceId, 'jdoe', idp.certificateBase64.slice(0, 40)]) {
      expect(report.content).not.toContain(secret);
    }
    // Two signatures; the flow and the diagnosis both carry the message, but it is counted once.
    expect(report.receipt.find((entry) => entry.field === 'SignatureValue')).toEqual({ field: 'SignatureValue', action: 'removed', count: 2 });
    expect(report.content).toContain('| SignatureValue | removed | 2 |');
  });

  it('writes JSON with the verdict, findings, redacted flow and message, certificates without bodies, and the receipt', async () => {
    const idp = await sharedTestIdp();
    const flow = flowWithSamlPost(buildSalesforceResponse(idp, { roleSessionName: 'j doe' }), { page: errorPage('aws-rolesessionname-invalid') });
    const diagnosis = await diagnoseFlow(flow, testContext());
    const report = await exported(flow, diagnosis, 'json');
    const json = JSON.parse(report.content) as {
      notice: string;
      redacted: boolean;
      verdict: { id: string };
      findings: { id: string; title: string }[];
      message: { certificates: { derBase64: string }[]; assertion: { roleSessionName: string } };
      receipt: { field: string }[];
    };
    expect(Object.keys(json)[0]).toBe('notice');
    expect(json.redacted).toBe(true);
    expect(json.verdict.id).toBe('aws-rolesessionname-invalid');
    expect(json.findings[0]?.id).toBe(diagnosis.primary.id);
    expect(json.message.certificates.every((certificate) => certificate.derBase64 === '')).toBe(true);
    expect(json.message.assertion.roleSessionName).toMatch(/^[a-z] [a-z]{3}$/);
    expect(json.findings[0]?.title).toContain(JSON.stringify(json.message.assertion.roleSessionName));
    expect(json.receipt.length).toBeGreaterThan(5);
  });

  it('labels signature outcomes of a re-imported redacted flow as attested, not re-verified, in Markdown and JSON', async () => {
    const idp = await sharedTestIdp();
    const flow = await attestedFlow(flowWithSamlPost(buildSalesforceResponse(idp), { page: errorPage('aws-signature-invalid') }));
    const diagnosis = await diagnoseFlow(flow, testContext());
    const markdown = (await exported(flow, diagnosis, 'markdown')).content;
    expect(markdown).toContain('| /samlp:Response | valid-keyinfo-only (attested by the exporting extension, not re-verified) |');
    const json = JSON.parse((await exported(flow, diagnosis, 'json')).content) as { message: { signatures: { outcome: string; basis: string; basisNote?: string }[] } };
    expect(json.message.signatures).toHaveLength(2);
    for (const signature of json.message.signatures) {
      expect(signature.basis).toBe('attested');
      expect(signature.basisNote).toBe('attested by the exporting extension, not re-verified');
    }
    const live = await diagnoseFlow(flowWithSamlPost(buildSalesforceResponse(idp), { page: errorPage('aws-signature-invalid') }), testContext());
    expect((await exported(flow, live, 'markdown')).content).not.toContain('not re-verified');
  });

  it('warns at the top of an unredacted export that an unexpired assertion is a live credential', async () => {
    const idp = await sharedTestIdp();
    const flow = flowWithSamlPost(buildSalesforceResponse(idp), { page: errorPage('aws-signature-invalid') });
    const diagnosis = await diagnoseFlow(flow, testContext());
    const markdown = await exported(flow, diagnosis, 'markdown', false);
    const json = JSON.parse((await exported(flow, diagnosis, 'json', false)).content) as { notice: string; liveCredential: boolean };
    expect(markdown.filename).toContain('UNREDACTED');
    expect(markdown.content.split('\n')[2]).toMatch(/NOT redacted and contains a LIVE CREDENTIAL/);
    expect(markdown.content.split('\n')[2]).toContain('(hop hop-2: valid until 2026-03-02T10:05:00.000Z)');
    expect(markdown.content).toContain(TEST_DEFAULTS.nameId);
    expect(json.liveCredential).toBe(true);
    expect(json.notice).toMatch(/LIVE CREDENTIAL/);
  });

  it('says an unredacted export of an expired assertion is unredacted but not live', async () => {
    const idp = await sharedTestIdp();
    const flow = flowWithSamlPost(buildSalesforceResponse(idp), { page: errorPage('aws-signature-invalid') });
    const diagnosis = await diagnoseFlow(flow, testContext());
    const report = await exportFlowReport(flow, diagnosis, { format: 'json', redact: false, salt: SALT, now: '2026-03-02T11:00:00.000Z' });
    const json = JSON.parse(report.content) as { notice: string; liveCredential: boolean };
    expect(json.liveCredential).toBe(false);
    expect(json.notice).toMatch(/NOT redacted/);
    expect(json.notice).not.toMatch(/LIVE/);
  });

  it('escapes Markdown in page text, so an error page cannot inject links or headings into the report', async () => {
    const flow = buildFlow({
      hops: [idpLoginHop({ page: errorPage('sf-insufficient-privileges', { excerpt: 'Insufficient Privileges [click](https://evil.example) <img src=x> | # x' }) })],
    });
    const diagnosis = await diagnoseFlow(flow, testContext());
    const report = await exported(flow, diagnosis, 'markdown');
    expect(report.content).toContain('Insufficient Privileges \\[click\\](https://evil.example) \\<img src=x\\> \\| # x');
    expect(report.content).not.toContain('[click](');
  });

  it('uses the Connect usernames of the context to scrub them from finding text', async () => {
    const idp = await sharedTestIdp();
    const name = `jdoe@${TEST_DEFAULTS.userId}@${TEST_DEFAULTS.orgId}`;
    const flow = flowWithSamlPost(buildSalesforceResponse(idp, { roleSessionName: name }), { thenHops: [federateHop({ page: errorPage('connect-not-onboarded') })] });
    const context = testContext({ connectUsers: [{ username: `JDoe@${TEST_DEFAULTS.userId}@${TEST_DEFAULTS.orgId}` }, { username: 'someone.else.entirely' }] });
    const diagnosis = await diagnoseFlow(flow, context);
    expect(diagnosis.primary.id).toBe('connect-username-case-mismatch');
    const report = await exported(flow, diagnosis, 'markdown', true, context);
    expect(report.content).not.toMatch(/jdoe/i);
    const pseudonym = /RoleSessionName \| (\S+) \|/.exec(report.content)?.[1] ?? 'missing';
    expect(report.content).toContain(pseudonym.replace(/^\w\w/, (s) => s.toUpperCase()));
  });
});

describe('exportFlowReport: HAR', () => {
  it('writes a HAR 1.2 that flowsFromHar reads back with the same hops, statuses, redirects and page', async () => {
    const idp = await sharedTestIdp();
    const flow = flowWithSamlPost(buildSalesforceResponse(idp), { thenHops: [federateHop({ page: errorPage('connect-not-onboarded') })] });
    const diagnosis = await diagnoseFlow(flow, testContext());
    const report = await exported(flow, diagnosis, 'har');
    expect(report.mimeType).toBe('application/json');
    expect(report.filename.endsWith('.har')).toBe(true);
    const har = JSON.parse(report.content) as { log: { version: string; creator: { name: string }; entries: Record<string, unknown>[] } };
    expect(har.log.version).toBe('1.2');
    expect(har.log.creator.name).toBe('sso-doctor');
    const back = flowsFromHar(har).flows[0];
    expect(back?.hops.map((hop) => [hop.kind, hop.method, hop.status, hop.page?.classification])).toEqual(flow.hops.map((hop) => [hop.kind, hop.method, hop.status, hop.page?.classification]));
    expect(back?.hops[1]?.serverDate).toBe(flow.hops[1]?.serverDate);
    expect(back?.hops[1]?.saml?.SAMLResponse).toBeDefined();
    expect(back?.hops[1]?.saml?.SAMLResponse).not.toBe(flow.hops[1]?.saml?.SAMLResponse);
    expect(har.log.entries[1]?.[REDACTION_ATTESTATION_FIELD]).toBeDefined();
    expect(report.content).not.toContain(TEST_DEFAULTS.instanceId);
    expect(report.content).not.toContain(TEST_DEFAULTS.accountId);
  });

  it('exports an unredacted HAR with the original values and the warning in the log comment', async () => {
    const idp = await sharedTestIdp();
    const flow = flowWithSamlPost(buildSalesforceResponse(idp));
    const diagnosis = await diagnoseFlow(flow, testContext());
    const report = await exported(flow, diagnosis, 'har', false);
    const har = JSON.parse(report.content) as { log: { comment: string } };
    expect(har.log.comment).toMatch(/LIVE CREDENTIAL/);
    expect(flowsFromHar(har).flows[0]?.hops[1]?.saml?.SAMLResponse).toBe(flow.hops[1]?.saml?.SAMLResponse);
  });
});

describe('exportFlowReport: the redacted HAR diagnoses to the same verdict', () => {
  const cases: { name: string; build: (idp: TestIdp, other: TestIdp) => Flow; context?: (idp: TestIdp, other: TestIdp) => Promise<Partial<DiagnosisContext>> | Partial<DiagnosisContext> }[] = [
    { name: 'a healthy flow', build: (idp) => flowWithSamlPost(buildSalesforceResponse(idp)) },
    { name: 'the STS signature error page', build: (idp) => flowWithSamlPost(buildSalesforceResponse(idp), { page: errorPage('aws-signature-invalid') }) },
    { name: 'a tampered response', build: (idp) => flowWithSamlPost(buildSalesforceResponse(idp, { tamper: true }), { page: errorPage('aws-invalid-saml-response') }) },
    { name: 'a wrapped (XSW) response', build: (idp) => flowWithSamlPost(buildSalesforceResponse(idp, { wrap: true })) },
    { name: 'an unsigned response', build: (idp) => flowWithSamlPost(buildSalesforceResponse(idp, { sign: 'none' }), { page: errorPage('aws-invalid-saml-response') }) },
    {
      name: 'a response signed by another certificate than the expected one',
      build: (idp) => flowWithSamlPost(buildSalesforceResponse(idp), { page: errorPage('aws-invalid-saml-response') }),
      context: (_idp, other) => ({ expectedCertificateFingerprints: [other.sha256Fingerprint] }),
    },
    {
      name: 'a response signed by another certificate than the one in the IAM metadata',
      build: (idp) => flowWithSamlPost(buildSalesforceResponse(idp), { page: errorPage('aws-invalid-saml-response') }),
      context: async (_idp, other) => ({ metadata: await readIdpMetadata(buildIdpMetadataXml(other)) }),
    },
    {
      name: 'a response signed by the certificate in the IAM metadata',
      build: (idp) => flowWithSamlPost(buildSalesforceResponse(idp)),
      context: async (idp) => ({ metadata: await readIdpMetadata(buildIdpMetadataXml(idp)) }),
    },
    { name: 'a RoleSessionName with a space', build: (idp) => flowWithSamlPost(buildSalesforceResponse(idp, { roleSessionName: 'j doe@x' }), { page: errorPage('aws-rolesessionname-invalid') }) },
    { name: 'a RoleSessionName with padding', build: (idp) => flowWithSamlPost(buildSalesforceResponse(idp, { roleSessionName: ` ${TEST_DEFAULTS.roleSessionName}` })) },
    { name: 'a missing Role attribute', build: (idp) => flowWithSamlPost(buildSalesforceResponse(idp, { omitAttributes: ['https://aws.amazon.com/SAML/Attributes/Role'] }), { page: errorPage('aws-invalid-saml-response') }) },
    { name: 'a wrong audience', build: (idp) => flowWithSamlPost(buildSalesforceResponse(idp, { audiences: ['https://acme.example/sp'] }), { page: errorPage('aws-audience-missing') }) },
    { name: 'an expired assertion', build: (idp) => flowWithSamlPost(buildSalesforceResponse(idp), { serverDate: '2026-03-02T11:00:00.000Z', page: errorPage('aws-invalid-saml-response') }) },
    { name: 'a SHA-1 signature', build: (idp) => flowWithSamlPost(buildSalesforceResponse(idp, { signatureAlgorithm: 'sha1' })) },
    { name: 'a Connect user that is not onboarded', build: (idp) => flowWithSamlPost(buildSalesforceResponse(idp), { thenHops: [federateHop({ page: errorPage('connect-not-onboarded') })] }) },
    { name: 'missing federation permissions', build: (idp) => flowWithSamlPost(buildSalesforceResponse(idp), { thenHops: [federateHop({ page: errorPage('connect-federation-denied', { roleArn: TEST_DEFAULTS.roleArn }) })] }) },
    { name: 'Salesforce insufficient privileges', build: () => buildFlow({ hops: [idpLoginHop({ page: errorPage('sf-insufficient-privileges') })] }) },
    { name: 'an unreachable CCP', build: (idp) => flowWithSamlPost(buildSalesforceResponse(idp), { thenHops: [federateHop(), connectAppHop({ networkError: 'net::ERR_NAME_NOT_RESOLVED' })] }) },
  ];

  it.each(cases)('for $name', async ({ build, context }) => {
    const idp = await sharedTestIdp();
    const other = await otherIdp();
    const flow = build(idp, other);
    const original = testContext((await context?.(idp, other)) ?? {});
    const diagnosis = await diagnoseFlow(flow, original);
    const report = await exported(flow, diagnosis, 'har', true, original);
    const harNote = (JSON.parse(report.content) as HarJson).log._ssoDoctor;
    expect(harNote.primaryFindingId).toBe(diagnosis.primary.id);
    const again = await diagnoseReimported(report.content, harNote.evaluatedAt);
    expect(again.diagnosis.primary.id).toBe(diagnosis.primary.id);
    expect(again.diagnosis.findings.map((finding) => finding.id).sort()).toEqual(diagnosis.findings.map((finding) => finding.id).sort());
    expect(again.flow.hops.map((hop) => hop.kind)).toEqual(flow.hops.map((hop) => hop.kind));
  });
});

let other: Promise<TestIdp> | undefined;
function otherIdp(): Promise<TestIdp> {
  other ??= createTestIdp({ subject: 'CN=Other' });
  return other;
}

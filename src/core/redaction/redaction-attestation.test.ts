import { describe, expect, it } from 'vitest';
import { buildSalesforceResponse, createTestIdp, encodePost, sharedTestIdp } from '../../testing/saml-builder.ts';
import { analyzeSamlValue } from '../analysis/analyze-saml-value.ts';
import { isElementCovered } from '../signature/is-element-covered.ts';
import { readSamlMessage } from '../message/read-saml-message.ts';
import { parseXml } from '../xml/parse-xml.ts';
import { analyzeAttestedSamlValue } from './analyze-attested-saml-value.ts';
import { createRedactor } from './create-redactor.ts';
import { redactSamlValue } from './redact-saml-value.ts';
import { createRedactionAttestation } from './create-redaction-attestation.ts';
import { readRedactionAttestation, redactionValueHash, type RedactionAttestation } from './redaction-attestation.ts';
import { signatureReportFromAttestation } from './signature-report-from-attestation.ts';

async function redactWithAttestation(xml: string, trusted: readonly Uint8Array[] = []): Promise<{ value: string; xml: string; attestation: RedactionAttestation }> {
  const original = encodePost(xml);
  const analysis = await analyzeSamlValue(original, 'SAMLResponse', { trustedCertificates: trusted });
  const redactor = createRedactor('salt');
  const redacted = redactSamlValue(original, redactor);
  const attestation = createRedactionAttestation({ analysis, parameter: 'SAMLResponse', redactedValue: redacted.value, trustedFingerprints: [], now: '2026-03-02T10:00:03Z' }, redactor);
  return { value: redacted.value, xml: redacted.xml ?? '', attestation };
}

function documentOf(xml: string) {
  const parsed = parseXml(xml);
  if (!parsed.ok) throw new Error('not parseable');
  return parsed;
}

describe('createRedactionAttestation', () => {
  it('records each signature outcome of the original, bound to the hash of the redacted value, without certificate bodies', async () => {
    const idp = await sharedTestIdp();
    const { value, attestation } = await redactWithAttestation(buildSalesforceResponse(idp));
    expect(attestation.valueSha256).toBe(redactionValueHash(value));
    expect(attestation.signatures.map((s) => [s.signedElementPath, s.outcome])).toEqual([
      ['/samlp:Response', 'valid-keyinfo-only'],
      ['/samlp:Response/saml:Assertion[1]', 'valid-keyinfo-only'],
    ]);
    expect(attestation.certificates.map((c) => c.sha256Fingerprint)).toEqual([idp.sha256Fingerprint]);
    expect(JSON.stringify(attestation)).not.toContain('derBase64');
    expect(JSON.stringify(attestation)).not.toContain(idp.certificateBase64.slice(0, 40));
  });

  it('records a tampered signature as invalid', async () => {
    const idp = await sharedTestIdp();
    const { attestation } = await redactWithAttestation(buildSalesforceResponse(idp, { tamper: true }));
    expect(attestation.signatures.some((s) => s.outcome === 'invalid' && !s.digestsValid)).toBe(true);
  });
});

describe('readRedactionAttestation', () => {
  it('reads back what was written as JSON', async () => {
    const idp = await sharedTestIdp();
    const { attestation } = await redactWithAttestation(buildSalesforceResponse(idp));
    expect(readRedactionAttestation(JSON.parse(JSON.stringify(attestation)))).toEqual(JSON.parse(JSON.stringify(attestation)));
  });

  it('refuses anything that is not exactly the documented shape', async () => {
    const idp = await sharedTestIdp();
    const { attestation } = await redactWithAttestation(buildSalesforceResponse(idp));
    const json = JSON.parse(JSON.stringify(attestation)) as Record<string, unknown>;
    expect(readRedactionAttestation(undefined)).toBeUndefined();
    expect(readRedactionAttestation({ ...json, version: 2 })).toBeUndefined();
    expect(readRedactionAttestation({ ...json, valueSha256: 'abc' })).toBeUndefined();
    expect(readRedactionAttestation({ ...json, signatures: [{ index: 0, outcome: 'trust-me' }] })).toBeUndefined();
    expect(readRedactionAttestation({ ...json, signatures: new Array(65).fill(attestation.signatures[0]) })).toBeUndefined();
  });
});

describe('signatureReportFromAttestation', () => {
  it('rebuilds the outcomes and locates the signed elements in the redacted document', async () => {
    const idp = await sharedTestIdp();
    const { xml, attestation } = await redactWithAttestation(buildSalesforceResponse(idp));
    const parsed = documentOf(xml);
    const report = signatureReportFromAttestation(parsed.document, attestation);
    const message = readSamlMessage(parsed.root);
    expect(report.signatures.map((s) => s.outcome)).toEqual(['valid-keyinfo-only', 'valid-keyinfo-only']);
    expect(report.signatures[0]?.signedElement).toBe(parsed.root);
    expect(message.kind === 'Response' && isElementCovered(report, message.assertions[0]?.element ?? parsed.root)).toBe(true);
    expect(report.signatures[0]?.keyInfoCertificates[0]?.sha256Fingerprint).toBe(idp.sha256Fingerprint);
  });

  it('judges the attested facts again against the importer\'s own trust anchors', async () => {
    const idp = await sharedTestIdp();
    const other = await createTestIdp();
    const { xml, attestation } = await redactWithAttestation(buildSalesforceResponse(idp));
    const document = documentOf(xml).document;
    expect(signatureReportFromAttestation(document, attestation, { trustedCertificates: [idp.certificateDer] }).signatures.map((s) => s.outcome)).toEqual(['valid', 'valid']);
    const wrong = signatureReportFromAttestation(document, attestation, { trustedCertificates: [other.certificateDer] }).signatures;
    expect(wrong.map((s) => [s.outcome, s.wrongCertificate])).toEqual([
      ['invalid', true],
      ['invalid', true],
    ]);
  });

  it('leaves a wrapped (XSW) assertion uncovered, as the verifier did on the original', async () => {
    const idp = await sharedTestIdp();
    const { xml, attestation } = await redactWithAttestation(buildSalesforceResponse(idp, { wrap: true }));
    const parsed = documentOf(xml);
    const message = readSamlMessage(parsed.root);
    const report = signatureReportFromAttestation(parsed.document, attestation);
    const first = message.kind === 'Response' ? message.assertions[0] : undefined;
    expect(first?.id).toMatch(/-forged$/);
    expect(isElementCovered(report, first?.element ?? parsed.root)).toBe(false);
  });
});

describe('analyzeAttestedSamlValue', () => {
  it('analyses a redacted value with the attested signatures instead of verifying', async () => {
    const idp = await sharedTestIdp();
    const { value, attestation } = await redactWithAttestation(buildSalesforceResponse(idp));
    const analysis = analyzeAttestedSamlValue(value, 'SAMLResponse', attestation);
    expect(analysis?.message?.kind).toBe('Response');
    expect(analysis?.signatures?.signatures.map((s) => s.outcome)).toEqual(['valid-keyinfo-only', 'valid-keyinfo-only']);
    expect(analysis?.problems.some((p) => p.code === 'attestation-used')).toBe(true);
    const plain = await analyzeSamlValue(value, 'SAMLResponse');
    expect(plain.signatures?.signatures.every((s) => s.outcome === 'invalid')).toBe(true);
  });

  it('ignores an attestation that belongs to another value', async () => {
    const idp = await sharedTestIdp();
    const { value, attestation } = await redactWithAttestation(buildSalesforceResponse(idp));
    expect(analyzeAttestedSamlValue(`${value.slice(0, -4)}AAAA`, 'SAMLResponse', attestation)).toBeUndefined();
    expect(analyzeAttestedSamlValue(value, 'SAMLRequest', attestation)).toBeUndefined();
  });
});

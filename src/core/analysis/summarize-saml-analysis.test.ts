import { describe, expect, it } from 'vitest';
import { buildSalesforceResponse, encodePost, sharedTestIdp } from '../../testing/saml-builder.ts';
import { analyzeAttestedSamlValue } from '../redaction/analyze-attested-saml-value.ts';
import { createRedactionAttestation } from '../redaction/create-redaction-attestation.ts';
import { createRedactor } from '../redaction/create-redactor.ts';
import { redactSamlValue } from '../redaction/redact-saml-value.ts';
import { analyzeSamlValue } from './analyze-saml-value.ts';
import { summarizeSamlAnalysis } from './summarize-saml-analysis.ts';

describe('summarizeSamlAnalysis', () => {
  it('marks signature outcomes it verified itself as verified', async () => {
    const idp = await sharedTestIdp();
    const analysis = await analyzeSamlValue(encodePost(buildSalesforceResponse(idp)), 'SAMLResponse');
    const summary = summarizeSamlAnalysis(analysis, 'hop-1');
    expect(summary.signatures.map((s) => [s.outcome, s.basis])).toEqual([
      ['valid-keyinfo-only', 'verified'],
      ['valid-keyinfo-only', 'verified'],
    ]);
  });

  it('marks the outcomes of a re-imported redacted value as attested, not verified', async () => {
    const idp = await sharedTestIdp();
    const original = encodePost(buildSalesforceResponse(idp));
    const verified = await analyzeSamlValue(original, 'SAMLResponse');
    const redactor = createRedactor('salt');
    const redacted = redactSamlValue(original, redactor);
    const attestation = createRedactionAttestation({ analysis: verified, parameter: 'SAMLResponse', redactedValue: redacted.value, trustedFingerprints: [], now: '2026-03-02T10:00:03Z' }, redactor);
    const attested = analyzeAttestedSamlValue(redacted.value, 'SAMLResponse', attestation);
    if (attested === undefined) throw new Error('the attestation belongs to this value');
    const summary = summarizeSamlAnalysis(attested, 'hop-1');
    expect(summary.signatures.length).toBe(2);
    expect(summary.signatures.every((s) => s.basis === 'attested')).toBe(true);
    expect(summary.signatures.map((s) => s.outcome)).toEqual(['valid-keyinfo-only', 'valid-keyinfo-only']);
  });
});

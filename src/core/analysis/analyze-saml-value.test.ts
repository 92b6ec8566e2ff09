import { describe, expect, it } from 'vitest';
import { buildSalesforceResponse, createTestIdp, encodePost, sharedTestIdp } from '../../testing/saml-builder.ts';
import { analyzeSamlValue } from './analyze-saml-value.ts';

describe('analyzeSamlValue', () => {
  it('decodes, parses, models and verifies a signed Salesforce response against a trusted certificate', async () => {
    const idp = await sharedTestIdp();
    const analysis = await analyzeSamlValue(encodePost(buildSalesforceResponse(idp)), 'SAMLResponse', { trustedCertificates: [idp.certificateDer] });
    expect(analysis.decoding.ok).toBe(true);
    expect(analysis.message?.kind).toBe('Response');
    expect(analysis.signatures?.signatures.map((check) => check.outcome)).toEqual(['valid', 'valid']);
    expect(analysis.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('reports a signature by another key than the trusted one', async () => {
    const idp = await sharedTestIdp();
    const other = await createTestIdp();
    const analysis = await analyzeSamlValue(encodePost(buildSalesforceResponse(other, { sign: 'assertion' })), 'SAMLResponse', { trustedCertificates: [idp.certificateDer] });
    expect(analysis.signatures?.signatures[0]?.wrongCertificate).toBe(true);
  });

  it('stops after the decoding stage when the value is not base64, without throwing', async () => {
    const analysis = await analyzeSamlValue('not base64 at all!', 'SAMLResponse');
    expect(analysis.decoding.ok).toBe(false);
    expect(analysis.message).toBeUndefined();
    expect(analysis.signatures).toBeUndefined();
    expect(analysis.problems.some((p) => p.severity === 'error')).toBe(true);
  });

  it('keeps decoding problems before parsing problems when the XML is malformed', async () => {
    const analysis = await analyzeSamlValue(encodeURIComponent(encodePost('<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"><unclosed></samlp:Response>')), 'SAMLResponse');
    expect(analysis.message).toBeUndefined();
    const codes = analysis.problems.map((p) => p.code);
    expect(codes.indexOf('url-encoded')).toBeGreaterThanOrEqual(0);
    expect(codes.indexOf('xml-malformed')).toBeGreaterThan(codes.indexOf('url-encoded'));
  });
});

import { Buffer } from 'node:buffer';
import { deflateRaw } from 'pako';
import { describe, expect, it } from 'vitest';
import { buildSalesforceResponse, encodePost, sharedTestIdp, TEST_DEFAULTS } from '../../testing/saml-builder.ts';
import { decodeSamlValue } from '../binding/decode-saml-value.ts';
import { createRedactor } from './create-redactor.ts';
import { redactSamlValue } from './redact-saml-value.ts';

describe('redactSamlValue', () => {
  it('re-encodes a POST-binding value as base64 of the redacted XML, never the original', async () => {
    const idp = await sharedTestIdp();
    const original = encodePost(buildSalesforceResponse(idp));
    const result = redactSamlValue(original, createRedactor('salt'));
    const decoded = decodeSamlValue(result.value);
    expect(result.value).not.toBe(original);
    expect(result.binding).toBe('post');
    expect(decoded.ok && decoded.binding === 'post' ? decoded.xml : '').toBe(result.xml);
    expect(result.xml).not.toContain(TEST_DEFAULTS.nameId);
  });

  it('re-encodes a redirect-binding value with DEFLATE so it decodes the same way', () => {
    const request = `<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_1" Version="2.0" IssueInstant="2026-03-02T10:00:00Z"><saml:Issuer>https://acme.my.salesforce.com</saml:Issuer><saml:NameID>jdoe@acme.example</saml:NameID></samlp:LogoutRequest>`;
    const original = Buffer.from(deflateRaw(new TextEncoder().encode(request))).toString('base64');
    const result = redactSamlValue(original, createRedactor('salt'));
    const decoded = decodeSamlValue(result.value);
    expect(decoded.ok ? decoded.binding : 'failed').toBe('redirect');
    expect(decoded.ok ? decoded.xml : '').toContain('@acme.example</saml:NameID>');
    expect(decoded.ok ? decoded.xml : '').not.toContain('jdoe');
  });

  it('replaces an undecodable value whole with a placeholder that is still undecodable', () => {
    const secret = 'PHNhbWxwOlJlc3BvbnNlIGpkb2U%%%';
    const result = redactSamlValue(secret, createRedactor('salt'));
    expect(result.value).not.toContain(secret);
    expect(result.xml).toBeUndefined();
    expect(decodeSamlValue(result.value).ok).toBe(false);
  });
});

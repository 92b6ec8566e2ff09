import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { SignedXml } from 'xml-crypto';
import { DOMParser, type Element } from '@xmldom/xmldom';
import {
  TEST_DEFAULTS,
  buildFlow,
  buildIdpMetadataXml,
  buildSalesforceResponse,
  connectAppHop,
  createTestIdp,
  encodePost,
  errorPage,
  federateHop,
  flowWithSamlPost,
  sharedTestIdp,
} from './saml-builder.ts';

function signatureCount(xml: string): number {
  return (xml.match(/<ds:Signature /g) ?? []).length;
}

/** Verifies every ds:Signature with xml-crypto against the given certificate. */
function verifyAll(xml: string, certificatePem: string): boolean[] {
  const document = new DOMParser().parseFromString(xml, 'text/xml');
  const signatures = Array.from(document.getElementsByTagNameNS('http://www.w3.org/2000/09/xmldsig#', 'Signature'));
  return signatures.map((signature: Element) => {
    const verifier = new SignedXml({ publicCert: certificatePem });
    verifier.loadSignature(signature as unknown as Node); // -- reason: xmldom node stands in for a DOM Node
    try {
      return verifier.checkSignature(xml);
    } catch {
      return false;
    }
  });
}

describe('createTestIdp', () => {
  it('makes a self-signed certificate with fingerprints in console format', async () => {
    const idp = await sharedTestIdp();
    expect(idp.certificatePem).toContain('BEGIN CERTIFICATE');
    expect(idp.privateKeyPem).toContain('BEGIN PRIVATE KEY');
    expect(idp.sha256Fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(idp.sha1Fingerprint).toMatch(/^([0-9A-F]{2}:){19}[0-9A-F]{2}$/);
    expect(Buffer.from(idp.certificateDer).toString('base64')).toBe(idp.certificateBase64);
  });

  it('makes a distinct key each time', async () => {
    const a = await sharedTestIdp();
    const b = await createTestIdp({ keyBits: 1024 });
    expect(b.sha256Fingerprint).not.toBe(a.sha256Fingerprint);
    expect(b.keyBits).toBe(1024);
  });
});

describe('buildSalesforceResponse', () => {
  it('signs both the Response and the Assertion so that both verify with the IdP certificate', async () => {
    const idp = await sharedTestIdp();
    const xml = buildSalesforceResponse(idp);
    expect(signatureCount(xml)).toBe(2);
    expect(verifyAll(xml, idp.certificatePem)).toEqual([true, true]);
    expect(xml).toContain(TEST_DEFAULTS.roleSessionName);
    expect(xml).toContain(`${TEST_DEFAULTS.roleArn},${TEST_DEFAULTS.providerArn}`);
  });

  it('produces signatures that fail once the assertion is tampered with', async () => {
    const idp = await sharedTestIdp();
    const xml = buildSalesforceResponse(idp, { tamper: true });
    expect(verifyAll(xml, idp.certificatePem)).toEqual([false, false]);
  });

  it('produces signatures another certificate cannot verify', async () => {
    const idp = await sharedTestIdp();
    const other = await createTestIdp();
    const xml = buildSalesforceResponse(idp, { sign: 'assertion' });
    expect(verifyAll(xml, other.certificatePem)).toEqual([false]);
    expect(verifyAll(xml, idp.certificatePem)).toEqual([true]);
  });

  it('leaves the response unsigned, applies overrides and omits attributes on request', async () => {
    const idp = await sharedTestIdp();
    const xml = buildSalesforceResponse(idp, {
      sign: 'none',
      issuer: 'https://other.my.salesforce.com',
      issueInstant: '2026-01-01T00:00:00.000Z',
      sessionDuration: '3600',
      omitAttributes: ['https://aws.amazon.com/SAML/Attributes/RoleSessionName'],
      signatureAlgorithm: 'sha1',
    });
    expect(signatureCount(xml)).toBe(0);
    expect(xml).toContain('>https://other.my.salesforce.com<');
    expect(xml).toContain('NotOnOrAfter="2026-01-01T00:05:00.000Z"');
    expect(xml).toContain('SessionDuration');
    expect(xml).not.toContain('RoleSessionName');
  });

  it('uses SHA-1 algorithms when asked', async () => {
    const idp = await sharedTestIdp();
    const xml = buildSalesforceResponse(idp, { sign: 'assertion', signatureAlgorithm: 'sha1' });
    expect(xml).toContain('xmldsig#rsa-sha1');
    expect(verifyAll(xml, idp.certificatePem)).toEqual([true]);
  });

  it('wraps a forged unsigned assertion in front of the signed one', async () => {
    const idp = await sharedTestIdp();
    const xml = buildSalesforceResponse(idp, { wrap: true });
    expect((xml.match(/<saml:Assertion /g) ?? []).length).toBe(2);
    expect(xml.indexOf('mallory@')).toBeLessThan(xml.indexOf(TEST_DEFAULTS.roleSessionName));
    expect(verifyAll(xml, idp.certificatePem)).toEqual([true]);
  });

  it('replaces the assertion by an EncryptedAssertion', async () => {
    const idp = await sharedTestIdp();
    const xml = buildSalesforceResponse(idp, { encryptAssertion: true });
    expect(xml).toContain('<saml:EncryptedAssertion');
    expect(xml).not.toContain('<saml:Assertion ');
    expect(signatureCount(xml)).toBe(1);
  });
});

describe('flows', () => {
  it('builds idp/login → POST /saml → federate → CCP with the response base64 in the POST', async () => {
    const idp = await sharedTestIdp();
    const xml = buildSalesforceResponse(idp);
    const flow = flowWithSamlPost(xml);
    expect(flow.hops.map((hop) => hop.kind)).toEqual(['salesforce-idp', 'aws-saml', 'connect-federate', 'connect-app']);
    expect(flow.hops[1]?.saml?.SAMLResponse).toBe(encodePost(xml));
    expect(flow.hops[1]?.serverDate).toBe('2026-03-02T10:00:02.000Z');
    expect(flow.closeReason).toBe('reached-connect');
    expect(new Set(flow.hops.map((hop) => hop.id)).size).toBe(4);
  });

  it('ends on the error page when the POST is answered by one', async () => {
    const idp = await sharedTestIdp();
    const flow = flowWithSamlPost(buildSalesforceResponse(idp), { page: errorPage('aws-signature-invalid') });
    expect(flow.hops).toHaveLength(2);
    expect(flow.hops[1]?.page?.classification).toBe('aws-signature-invalid');
    expect(flow.closeReason).toBe('error-page');
  });

  it('infers a network-error close reason from the last hop', () => {
    const flow = buildFlow({ hops: [federateHop(), connectAppHop({ networkError: 'net::ERR_NAME_NOT_RESOLVED' })] });
    expect(flow.closeReason).toBe('network-error');
    expect(flow.hops[1]?.status).toBeUndefined();
  });

  it('writes metadata that names the entity and carries the certificate', async () => {
    const idp = await sharedTestIdp();
    const xml = buildIdpMetadataXml(idp, { entityId: 'https://acme.my.salesforce.com' });
    expect(xml).toContain('entityID="https://acme.my.salesforce.com"');
    expect(xml).toContain(idp.certificateBase64);
  });
});

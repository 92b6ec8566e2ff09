 
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIdpMetadataXml, createTestIdp, sharedTestIdp, type TestIdp } from '../../testing/saml-builder.ts';
import { parseXml } from '../xml/parse-xml.ts';
import { readIdpMetadata } from './read-idp-metadata.ts';

x509.cryptoProvider.set(webcrypto as unknown as Crypto); // -- reason: Node's webcrypto is the WebCrypto API; its typings differ only nominally

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DS = 'http://www.w3.org/2000/09/xmldsig#';
const codes = (metadata: { problems: readonly { code: string }[] }) => metadata.problems.map((p) => p.code);

function keyDescriptor(base64: string, use?: string): string {
  return `<md:KeyDescriptor${use === undefined ? '' : ` use="${use}"`}><ds:KeyInfo xmlns:ds="${DS}"><ds:X509Data><ds:X509Certificate>${base64}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`;
}

function entity(inner: string, attributes = 'entityID="https://idp.example.com"'): string {
  return `<md:EntityDescriptor xmlns:md="${MD}" ${attributes}><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${inner}<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp.example.com/sso"/></md:IDPSSODescriptor></md:EntityDescriptor>`;
}

/** A self-signed certificate carrying the same extension twice (IAM refuses these in metadata). */
async function certificateWithRepeatedExtension(): Promise<string> {
  const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '02',
    name: 'CN=Repeated',
    notBefore: new Date('2025-01-01T00:00:00Z'),
    notAfter: new Date('2027-01-01T00:00:00Z'),
    signingAlgorithm: algorithm,
    keys,
    extensions: [new x509.BasicConstraintsExtension(false), new x509.BasicConstraintsExtension(false)],
  });
  return Buffer.from(certificate.rawData).toString('base64');
}

let idp: TestIdp;
beforeAll(async () => {
  idp = await sharedTestIdp();
});

describe('readIdpMetadata', () => {
  it('reads Salesforce-shaped metadata without problems', async () => {
    const metadata = await readIdpMetadata(buildIdpMetadataXml(idp, { entityId: 'https://acme.my.salesforce.com' }));
    expect(metadata).toMatchObject({ entityId: 'https://acme.my.salesforce.com', validUntil: '2036-03-02T10:00:00.000Z', source: 'xml', problems: [] });
    expect(metadata.signingCertificates.map((c) => [c.sha1Fingerprint, c.sha256Fingerprint])).toEqual([[idp.sha1Fingerprint, idp.sha256Fingerprint]]);
    expect(metadata.singleSignOnServices.map((s) => s.binding)).toEqual([
      'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
      'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect',
    ]);
  });

  it('accepts the JSON aws iam get-saml-provider prints, as text or bytes', async () => {
    const json = JSON.stringify({ SAMLMetadataDocument: buildIdpMetadataXml(idp), CreateDate: '2025-03-02T10:00:00Z' });
    for (const input of [json, new TextEncoder().encode(json)]) {
      const metadata = await readIdpMetadata(input);
      expect(metadata.source).toBe('iam-json');
      expect(metadata.signingCertificates[0]?.sha256Fingerprint).toBe(idp.sha256Fingerprint);
      expect(metadata.problems).toEqual([]);
    }
  });

  it('says so when the JSON is broken or has no metadata document', async () => {
    expect(codes(await readIdpMetadata('{"SAMLMetadataDocument": '))).toEqual(['metadata-json-invalid']);
    expect(codes(await readIdpMetadata('{"SAMLProviderList": []}'))).toEqual(['metadata-json-no-document']);
  });

  it('flags a UTF-8 byte order mark in the bytes, in a string and inside the IAM JSON', async () => {
    const xml = buildIdpMetadataXml(idp);
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(xml)]);
    for (const input of [withBom, `\uFEFF${xml}`, JSON.stringify({ SAMLMetadataDocument: `\uFEFF${xml}` })]) {
      const metadata = await readIdpMetadata(input);
      expect(codes(metadata)).toEqual(['metadata-bom']);
      expect(metadata.problems[0]?.severity).toBe('error');
      expect(metadata.entityId).toBeDefined();
    }
  });

  it('reports malformed XML with the line and column the parser gives', async () => {
    const text = `<?xml version="1.0"?>\n<md:EntityDescriptor xmlns:md="${MD}" entityID="x">\n  <md:IDPSSODescriptor>\n</md:EntityDescriptor>`;
    const parsed = parseXml(text);
    const metadata = await readIdpMetadata(text);
    expect(parsed.ok).toBe(false);
    expect(metadata.problems).toHaveLength(1);
    expect(metadata.problems[0]).toMatchObject({ code: 'metadata-malformed', severity: 'error', line: parsed.problems[0]?.line, column: parsed.problems[0]?.column });
    expect(metadata.problems[0]?.line).toBeGreaterThanOrEqual(3);
    expect(metadata.problems[0]?.message).toMatch(/Could not parse metadata.*tag mismatch/);
    expect(metadata.entityId).toBeUndefined();
  });

  it('refuses a DOCTYPE as malformed metadata', async () => {
    const metadata = await readIdpMetadata(`<!DOCTYPE x [<!ENTITY a "b">]>${buildIdpMetadataXml(idp).replace(/^<\?xml[^>]*>/, '')}`);
    expect(codes(metadata)).toEqual(['metadata-malformed']);
  });

  it('flags a signing key under 1024 bits', async () => {
    const weak = await createTestIdp({ keyBits: 512 });
    const metadata = await readIdpMetadata(buildIdpMetadataXml(weak));
    expect(codes(metadata)).toEqual(['metadata-weak-key']);
    expect(metadata.problems[0]?.message).toMatch(/512-bit RSA key/);
    expect(metadata.signingCertificates[0]?.keyBits).toBe(512);
  });

  it('accepts a 1024-bit key (IAM refuses only shorter ones)', async () => {
    const metadata = await readIdpMetadata(buildIdpMetadataXml(await createTestIdp({ keyBits: 1024 })));
    expect(metadata.problems).toEqual([]);
  });

  it('flags a certificate that repeats an extension', async () => {
    const metadata = await readIdpMetadata(entity(keyDescriptor(await certificateWithRepeatedExtension(), 'signing')));
    expect(codes(metadata)).toEqual(['metadata-repeated-extension']);
    expect(metadata.problems[0]?.message).toMatch(/2\.5\.29\.19/);
  });

  it('flags metadata without an entityID', async () => {
    const metadata = await readIdpMetadata(entity(keyDescriptor(idp.certificateBase64, 'signing'), 'ID="_x"'));
    expect(codes(metadata)).toEqual(['metadata-no-entity-id']);
    expect(metadata.entityId).toBeUndefined();
  });

  it('warns about whitespace around the entityID', async () => {
    const metadata = await readIdpMetadata(entity(keyDescriptor(idp.certificateBase64), 'entityID=" https://idp.example.com"'));
    expect(codes(metadata)).toEqual(['metadata-entity-id-whitespace']);
    expect(metadata.entityId).toBe(' https://idp.example.com');
  });

  it('counts a KeyDescriptor without use as a signing key and an encryption-only one as not', async () => {
    const other = await createTestIdp({ subject: 'CN=Encryption' });
    const metadata = await readIdpMetadata(entity(keyDescriptor(idp.certificateBase64) + keyDescriptor(other.certificateBase64, 'encryption')));
    expect(metadata.signingCertificates.map((c) => c.sha1Fingerprint)).toEqual([idp.sha1Fingerprint]);
    expect(metadata.encryptionCertificates?.map((c) => c.sha1Fingerprint)).toEqual([other.sha1Fingerprint]);
  });

  it('flags metadata with no signing certificate', async () => {
    const metadata = await readIdpMetadata(entity(keyDescriptor(idp.certificateBase64, 'encryption')));
    expect(codes(metadata)).toEqual(['metadata-no-signing-certificate']);
    expect(metadata.signingCertificates).toEqual([]);
  });

  it('flags a signing certificate that cannot be read', async () => {
    const metadata = await readIdpMetadata(entity(keyDescriptor('MIIBnotacertificate', 'signing')));
    expect(codes(metadata)).toContain('metadata-certificate-unparseable');
    expect(metadata.signingCertificates).toEqual([]);
  });

  it('lists the same certificate once when it is repeated', async () => {
    const metadata = await readIdpMetadata(entity(keyDescriptor(idp.certificateBase64, 'signing') + keyDescriptor(idp.certificateBase64, 'signing')));
    expect(metadata.signingCertificates).toHaveLength(1);
  });

  it('reads the first identity provider of an EntitiesDescriptor and names the others', async () => {
    const sp = `<md:EntityDescriptor entityID="https://sp.example.com"><md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/></md:EntityDescriptor>`;
    const inner = entity(keyDescriptor(idp.certificateBase64, 'signing')).replace(` xmlns:md="${MD}"`, '');
    const metadata = await readIdpMetadata(`<md:EntitiesDescriptor xmlns:md="${MD}" validUntil="2030-01-01T00:00:00Z">${sp}<md:EntitiesDescriptor>${inner}</md:EntitiesDescriptor></md:EntitiesDescriptor>`);
    expect(metadata).toMatchObject({ entityId: 'https://idp.example.com', otherEntityIds: ['https://sp.example.com'], validUntil: '2030-01-01T00:00:00Z' });
    expect(codes(metadata)).toEqual(['metadata-multiple-entities']);
  });

  it('says when the document is service provider metadata', async () => {
    const metadata = await readIdpMetadata(`<md:EntityDescriptor xmlns:md="${MD}" entityID="https://sp.example.com"><md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/></md:EntityDescriptor>`);
    expect(codes(metadata)).toEqual(['metadata-no-idp-descriptor']);
    expect(metadata.problems[0]?.message).toMatch(/SPSSODescriptor/);
  });

  it('refuses a document that is not metadata at all', async () => {
    const metadata = await readIdpMetadata('<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>');
    expect(codes(metadata)).toEqual(['metadata-not-entity-descriptor']);
    expect(metadata.problems[0]?.message).toContain('{urn:oasis:names:tc:SAML:2.0:protocol}Response');
  });

  it('flags empty input', async () => {
    expect(codes(await readIdpMetadata(''))).toEqual(['metadata-empty']);
    expect(codes(await readIdpMetadata(new Uint8Array()))).toEqual(['metadata-empty']);
  });
});

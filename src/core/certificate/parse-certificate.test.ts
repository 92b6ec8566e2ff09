import { readFileSync } from 'node:fs';
import * as x509 from '@peculiar/x509';
import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { parseCertificate, type CertificateParse } from './parse-certificate.ts';

x509.cryptoProvider.set(crypto);

const CORPUS = '/work/shared/corpus';
const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 } as const;
const EC = { name: 'ECDSA', namedCurve: 'P-384', hash: 'SHA-384' } as const;
const NOT_BEFORE = new Date('2025-01-01T00:00:00Z');
const NOT_AFTER = new Date('2027-01-01T00:00:00Z');

async function selfSigned(
  algorithm: RsaHashedKeyGenParams | EcKeyGenParams,
  extensions: x509.Extension[] = [],
): Promise<{ cert: x509.X509Certificate; keys: CryptoKeyPair }> {
  const keys = await crypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '00a1b2c3d4',
    // @peculiar/x509 keeps this order in the DER; RFC 4514 prints the DER sequence last-first.
    name: 'C=US, ST=CA, L=San Francisco, O=Salesforce.com, OU=00D5g000000abcd, CN=SelfSignedCert_01Mar2025_101010',
    notBefore: NOT_BEFORE,
    notAfter: NOT_AFTER,
    signingAlgorithm: algorithm,
    keys,
    extensions,
  });
  return { cert, keys };
}

function info(parse: CertificateParse) {
  if (!parse.ok) throw new Error(`parse failed: ${parse.problems.map((p) => p.message).join('; ')}`);
  return parse.info;
}

const codes = (parse: CertificateParse) => parse.problems.map((p) => p.code);

describe('parseCertificate — generated certificates', async () => {
  const rsa = await selfSigned(RSA);
  const ec = await selfSigned(EC);

  it('describes a self-signed RSA certificate field by field', async () => {
    const result = await parseCertificate(rsa.cert.toString('pem'));
    const i = info(result);
    expect(i.subject).toBe('CN=SelfSignedCert_01Mar2025_101010, OU=00D5g000000abcd, O=Salesforce.com, L=San Francisco, ST=CA, C=US');
    expect(i.issuer).toBe(i.subject);
    expect(i.serialNumber).toBe('A1B2C3D4');
    expect(i.notBefore).toBe('2025-01-01T00:00:00.000Z');
    expect(i.notAfter).toBe('2027-01-01T00:00:00.000Z');
    expect(i.keyAlgorithm).toBe('RSA');
    expect(i.keyBits).toBe(2048);
    expect(i.signatureAlgorithm).toBe('sha256WithRSAEncryption');
    expect(i.selfSigned).toBe(true);
    expect(i.selfSignatureVerified).toBe(true);
    expect(i.repeatedExtensions).toEqual([]);
    expect(i.sha1Fingerprint).toBe(hexColons(await rsa.cert.getThumbprint('SHA-1')));
    expect(i.sha256Fingerprint).toBe(hexColons(await rsa.cert.getThumbprint('SHA-256')));
    expect(i.derBase64).toBe(Buffer.from(rsa.cert.rawData).toString('base64'));
    expect(result.ok && Buffer.from(result.spki).equals(Buffer.from(rsa.cert.publicKey.rawData))).toBe(true);
    expect(codes(result)).toEqual([]);
  });

  it('gives an EC certificate its curve and size and checks its ECDSA self-signature', async () => {
    const i = info(await parseCertificate(new Uint8Array(ec.cert.rawData)));
    expect(i.keyAlgorithm).toBe('EC');
    expect(i.curve).toBe('P-384');
    expect(i.keyBits).toBe(384);
    expect(i.signatureAlgorithm).toBe('ecdsa-with-SHA384');
    expect(i.selfSignatureVerified).toBe(true);
    expect(i.selfSigned).toBe(true);
  });

  it('reads bare base64 with line breaks, as KeyInfo and metadata carry it', async () => {
    const wrapped = Buffer.from(rsa.cert.rawData).toString('base64').replace(/(.{64})/g, '$1\n  ');
    expect(info(await parseCertificate(wrapped)).sha256Fingerprint).toBe(hexColons(await rsa.cert.getThumbprint('SHA-256')));
  });

  it('tolerates base64 of a whole PEM file and warns about the double encoding', async () => {
    const doubled = Buffer.from(rsa.cert.toString('pem')).toString('base64');
    const result = await parseCertificate(doubled);
    expect(info(result).keyBits).toBe(2048);
    expect(codes(result)).toEqual(['certificate-double-encoded']);
  });

  it('finds repeated extensions, which IAM refuses in metadata', async () => {
    const twice = await selfSigned(RSA, [new x509.BasicConstraintsExtension(false), new x509.BasicConstraintsExtension(false)]);
    expect(info(await parseCertificate(twice.cert.toString('pem'))).repeatedExtensions).toEqual(['2.5.29.19']);
  });

  it('does not call a certificate issued by another key self-signed', async () => {
    const caKeys = await crypto.subtle.generateKey(RSA, true, ['sign', 'verify']);
    const leafKeys = await crypto.subtle.generateKey(RSA, true, ['sign', 'verify']);
    const leaf = await x509.X509CertificateGenerator.create({
      serialNumber: '02',
      subject: 'CN=leaf',
      issuer: 'CN=Test CA',
      notBefore: NOT_BEFORE,
      notAfter: NOT_AFTER,
      signingAlgorithm: RSA,
      publicKey: leafKeys.publicKey,
      signingKey: caKeys.privateKey,
    });
    const i = info(await parseCertificate(leaf.toString('pem')));
    expect(i.selfSigned).toBe(false);
    expect(i.issuer).toBe('CN=Test CA');
    expect(i.selfSignatureVerified).toBeUndefined();
  });

  it('notices a self-issued certificate whose signature does not verify with its own key', async () => {
    const otherKeys = await crypto.subtle.generateKey(RSA, true, ['sign', 'verify']);
    const forged = await x509.X509CertificateGenerator.create({
      serialNumber: '03',
      subject: 'CN=same',
      issuer: 'CN=same',
      notBefore: NOT_BEFORE,
      notAfter: NOT_AFTER,
      signingAlgorithm: RSA,
      publicKey: rsa.keys.publicKey,
      signingKey: otherKeys.privateKey,
    });
    const i = info(await parseCertificate(forged.toString('pem')));
    expect(i.selfSignatureVerified).toBe(false);
    expect(i.selfSigned).toBe(false);
  });

  it('escapes RFC 4514 special characters in names', async () => {
    const keys = await crypto.subtle.generateKey(RSA, true, ['sign', 'verify']);
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: '04',
      name: new x509.Name('CN=Acme\\, Inc. \\+ \\"Voice\\", O=\\ padded\\ '),
      notBefore: NOT_BEFORE,
      notAfter: NOT_AFTER,
      signingAlgorithm: RSA,
      keys,
    });
    expect(info(await parseCertificate(cert.toString('pem'))).subject).toBe('O=\\ padded\\ , CN=Acme\\, Inc. \\+ \\"Voice\\"');
  });

  it('uses the first of several PEM certificates and says so', async () => {
    const result = await parseCertificate(`${rsa.cert.toString('pem')}\n${ec.cert.toString('pem')}`);
    expect(info(result).keyAlgorithm).toBe('RSA');
    expect(codes(result)).toEqual(['certificate-multiple']);
  });

  it('reports bytes after the certificate but still reads it', async () => {
    const der = new Uint8Array([...new Uint8Array(rsa.cert.rawData), 0, 0]);
    const result = await parseCertificate(der);
    expect(result.ok).toBe(true);
    expect(codes(result)).toEqual(['certificate-trailing-data']);
  });
});

describe('parseCertificate — unusable input', () => {
  it.each([
    ['empty text', '   ', 'certificate-empty'],
    ['empty bytes', new Uint8Array(), 'certificate-empty'],
    ['not base64', 'MIIC$$$', 'certificate-invalid'],
    ['base64 that is not DER', Buffer.from('hello world').toString('base64'), 'certificate-invalid'],
    ['a truncated certificate', 'MIIDPjCCAiagAwIBAgIJAMQeWnDJVaTyMA0GCSqGSIb3DQEBCwUAMFUxCzAJBgNV', 'certificate-invalid'],
    ['a SEQUENCE that is not X.509', new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]), 'certificate-invalid'],
    ['a bare public key', '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----', 'certificate-is-public-key'],
    ['a private key', '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----', 'certificate-invalid'],
    ['a PEM without END line', '-----BEGIN CERTIFICATE-----\nMIIE', 'certificate-invalid'],
  ] as const)('refuses %s with a coded problem', async (_label, input, code) => {
    const result = await parseCertificate(input);
    expect(result.ok).toBe(false);
    expect(codes(result)).toContain(code);
  });

  it('refuses the corrupted KeyInfo certificate of the kolide-fleet Google response', async () => {
    const xml = Buffer.from(readCorpus('kolide-fleet/server/sso/validate_test.go.TestVerifyInvalidSignatureGoogleResponse.b64'), 'base64').toString('utf8');
    const cert = certificatesIn(xml)[0]!;
    const result = await parseCertificate(cert);
    expect(result.ok).toBe(false);
    expect(codes(result)).toContain('certificate-invalid');
  });
});

interface CatalogCertificate {
  readonly subject?: string;
  readonly sha1?: string;
  readonly sha256?: string;
  readonly key_bits?: number | null;
  readonly not_before?: string;
  readonly not_after?: string;
}
interface CatalogEntry {
  readonly file: string;
  readonly kind: string;
  readonly certificates?: readonly CatalogCertificate[];
}

function readCorpus(file: string): string {
  return readFileSync(`${CORPUS}/${file}`, 'utf8');
}

function certificatesIn(xml: string): string[] {
  const doc = new DOMParser().parseFromString(xml.replace(/^\uFEFF/, ''), 'text/xml');
  // Some metadata (samlify's) puts KeyInfo in the metadata namespace: match on the local name.
  const nodes = doc.getElementsByTagNameNS('*', 'X509Certificate');
  return Array.from({ length: nodes.length }, (_, i) => nodes.item(i)?.textContent ?? '');
}

function hexColons(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
}

/** openssl prints subjects in DER order with `emailAddress`; RFC 4514 reverses them. */
function opensslToRfc4514(subject: string): string {
  return subject
    .split(/, (?=[A-Za-z]+=)/)
    .reverse()
    .map((part) => part.replace(/^emailAddress=/, 'E='))
    .join(', ');
}

const catalog = JSON.parse(readCorpus('catalog.json')) as CatalogEntry[]; // -- catalog.json is the corpus's documented shape
const supportCases = catalog
  .filter((e) => (e.kind === 'cert' || e.kind === 'metadata' || e.kind === 'settings') && (e.certificates ?? []).some((c) => c.sha1))
  .map((e) => ({ file: e.file, kind: e.kind, certificates: e.certificates ?? [] }));

describe('parseCertificate agrees with openssl on every corpus certificate', () => {
  it('has corpus certificates to check', () => {
    expect(supportCases.length).toBeGreaterThan(30);
  });

  it.each(supportCases)('$file', async ({ file, kind, certificates }) => {
    const text = readCorpus(file);
    const inputs =
      kind === 'metadata'
        ? certificatesIn(text)
        : kind === 'settings'
          ? [(JSON.parse(text) as { idp: { x509cert: string } }).idp.x509cert] // -- python3-saml settings shape
          : [text];
    expect(inputs.length).toBe(certificates.length);
    for (let n = 0; n < inputs.length; n++) {
      const expected = certificates[n]!;
      const i = info(await parseCertificate(inputs[n]!));
      expect(i.sha1Fingerprint).toBe(expected.sha1);
      expect(i.sha256Fingerprint).toBe(expected.sha256);
      expect(i.keyBits).toBe(expected.key_bits);
      expect(i.subject).toBe(opensslToRfc4514(expected.subject ?? ''));
      expect(i.notBefore).toBe(new Date(expected.not_before ?? '').toISOString());
      expect(i.notAfter).toBe(new Date(expected.not_after ?? '').toISOString());
    }
  });

  it('reads the double-encoded ADFS KeyInfo certificates as the certificates the source test pins', async () => {
    for (const variant of ['sha1', 'sha256', 'sha384', 'sha512']) {
      const keyInfo = certificatesIn(readCorpus(`ruby-saml/responses/adfs_response_${variant}.xml`))[0]!;
      const fromKeyInfo = await parseCertificate(keyInfo);
      const derived = info(await parseCertificate(readCorpus(`ruby-saml/derived/adfs_response_${variant}.xml.keyinfo.pem`)));
      expect(info(fromKeyInfo).sha1Fingerprint).toBe(derived.sha1Fingerprint);
      expect(codes(fromKeyInfo)).toEqual(['certificate-double-encoded']);
    }
  });
});

describe('parseCertificate never throws', async () => {
  const fc = await import('fast-check');
  const { cert } = await selfSigned(RSA);
  const der = new Uint8Array(cert.rawData);

  it('returns a result for arbitrary bytes and text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 600 }), fc.string({ maxLength: 600 })), async (input) => {
        const result = await parseCertificate(input);
        expect(result.ok || result.problems.length > 0).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('returns a result for a real certificate with bytes flipped', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat({ max: der.length - 1 }), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }), async (flips) => {
        const mutated = new Uint8Array(der);
        for (const [at, xor] of flips) mutated[at] = (mutated[at] ?? 0) ^ xor;
        const result = await parseCertificate(mutated);
        expect(result.ok || result.problems.some((p) => p.severity === 'error')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

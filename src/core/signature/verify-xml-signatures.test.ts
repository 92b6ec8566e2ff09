import * as x509 from '@peculiar/x509';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SignedXml } from 'xml-crypto';
import { buildSalesforceResponse, createTestIdp, sharedTestIdp, type TestIdp } from '../../testing/saml-builder.ts';
import { parseXml } from '../xml/parse-xml.ts';
import { C14N_10, C14N_11, C14N_EXCLUSIVE, C14N_EXCLUSIVE_WITH_COMMENTS, c14nMethodFromUri, canonicalize } from './canonicalize.ts';
import { isElementCovered } from './is-element-covered.ts';
import type { SignatureReport } from './signature-check.ts';
import { verifyXmlSignatures, type VerifyXmlSignaturesOptions } from './verify-xml-signatures.ts';
import { ENVELOPED_SIGNATURE } from './xmldsig-algorithms.ts';

x509.cryptoProvider.set(crypto);

const DS = 'http://www.w3.org/2000/09/xmldsig#';
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';

async function verify(xml: string, options: VerifyXmlSignaturesOptions = {}): Promise<SignatureReport> {
  const parsed = parseXml(xml);
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join('; '));
  return verifyXmlSignatures(parsed.document, options);
}

const codes = (report: SignatureReport, n = 0) => report.signatures[n]?.problems.map((p) => p.code) ?? [];

// --- A small XML-DSig signer over WebCrypto, for algorithms xml-crypto cannot produce (ECDSA,
// SHA-384, C14N 1.1, non-standard URIs). It canonicalizes with our canonicalizer, so the
// canonicalization itself is checked elsewhere (C14N spec cases, the xml-crypto cross-check and
// the corpus); these tests exercise reference handling, algorithms and outcomes.

interface SigningKey {
  readonly keys: CryptoKeyPair;
  readonly certificateBase64: string;
  readonly certificateDer: Uint8Array;
  readonly kind: 'RSA' | 'EC';
  readonly fieldBytes?: number;
}

async function signingKey(kind: 'RSA' | 'EC', curve: 'P-256' | 'P-384' | 'P-521' = 'P-256'): Promise<SigningKey> {
  const algorithm =
    kind === 'RSA'
      ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 }
      : { name: 'ECDSA', namedCurve: curve, hash: 'SHA-256' };
  const keys = await crypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: `CN=${kind}-${curve}`,
    notBefore: new Date('2025-01-01T00:00:00Z'),
    notAfter: new Date('2027-01-01T00:00:00Z'),
    signingAlgorithm: algorithm,
    keys,
  });
  const der = new Uint8Array(certificate.rawData);
  const result: SigningKey = { keys, certificateBase64: Buffer.from(der).toString('base64'), certificateDer: der, kind };
  return kind === 'EC' ? { ...result, fieldBytes: { 'P-256': 32, 'P-384': 48, 'P-521': 66 }[curve] } : result;
}

interface SignOptions {
  readonly canonicalization?: string;
  readonly signatureMethod?: string;
  readonly hash?: 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';
  readonly digestMethod?: string;
  readonly uri?: string;
  readonly transforms?: readonly string[];
  readonly keyInfo?: boolean;
  /** Emit the ECDSA signature in DER instead of r||s. */
  readonly ecdsaDer?: boolean;
}

const DOC = (extra = '') =>
  `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r1" Version="2.0">` +
  `<saml:Issuer>https://idp.example.com</saml:Issuer>` +
  `<saml:Assertion ID="_a1" Version="2.0"><saml:Issuer>https://idp.example.com</saml:Issuer>` +
  `<saml:Subject><saml:NameID>jdoe@example.com</saml:NameID></saml:Subject>${extra}</saml:Assertion></samlp:Response>`;

const DIGEST_HASHES: Readonly<Record<string, string>> = {
  'http://www.w3.org/2000/09/xmldsig#sha1': 'SHA-1',
  'http://www.w3.org/2001/04/xmlenc#sha1': 'SHA-1',
  [SHA256]: 'SHA-256',
  'http://www.w3.org/2001/04/xmldsig-more#sha384': 'SHA-384',
  'http://www.w3.org/2001/04/xmlenc#sha512': 'SHA-512',
};

/** Inserts an enveloped signature of the element with `id` right after its first Issuer. */
async function sign(xml: string, id: string, key: SigningKey, options: SignOptions = {}): Promise<string> {
  const c14nUri = options.canonicalization ?? C14N_EXCLUSIVE;
  const hash = options.hash ?? 'SHA-256';
  const signatureMethod = options.signatureMethod ?? RSA_SHA256;
  const digestMethod = options.digestMethod ?? SHA256;
  const transforms = options.transforms ?? [ENVELOPED_SIGNATURE, c14nUri];
  const uri = options.uri ?? `#${id}`;
  const unsigned = parseXml(xml);
  if (!unsigned.ok) throw new Error('unsigned document does not parse');
  const target = uri === '' ? unsigned.root : findById(unsigned.document.documentElement!, id);
  const transformC14n = transforms.map((t) => c14nMethodFromUri(t)).find((m) => m !== undefined) ?? c14nMethodFromUri(C14N_10)!;
  const digest = await crypto.subtle.digest(DIGEST_HASHES[digestMethod] ?? 'SHA-256', new TextEncoder().encode(canonicalize(uri === '' ? unsigned.document : target, { method: transformC14n })));
  const signedInfo =
    `<ds:SignedInfo><ds:CanonicalizationMethod Algorithm="${c14nUri}"/><ds:SignatureMethod Algorithm="${signatureMethod}"/>` +
    `<ds:Reference URI="${uri}"><ds:Transforms>${transforms.map((t) => `<ds:Transform Algorithm="${t}"/>`).join('')}</ds:Transforms>` +
    `<ds:DigestMethod Algorithm="${digestMethod}"/><ds:DigestValue>${Buffer.from(digest).toString('base64')}</ds:DigestValue></ds:Reference></ds:SignedInfo>`;
  const keyInfo = options.keyInfo === false ? '' : `<ds:KeyInfo><ds:X509Data><ds:X509Certificate>${key.certificateBase64}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>`;
  const signature = `<ds:Signature xmlns:ds="${DS}">${signedInfo}<ds:SignatureValue>SIGNATURE</ds:SignatureValue>${keyInfo}</ds:Signature>`;
  const anchor = xml.indexOf('</saml:Issuer>', id === '_a1' ? xml.indexOf('ID="_a1"') : 0) + '</saml:Issuer>'.length;
  const placed = xml.slice(0, anchor) + signature + xml.slice(anchor);
  const withSignature = parseXml(placed);
  if (!withSignature.ok) throw new Error('signed document does not parse');
  const infos = withSignature.document.getElementsByTagNameNS(DS, 'SignedInfo');
  const info = infos.item(infos.length - 1)!;
  const signed = new TextEncoder().encode(canonicalize(info, { method: c14nMethodFromUri(c14nUri)! }));
  let value: Uint8Array = new Uint8Array(
    key.kind === 'RSA'
      ? await crypto.subtle.sign({ name: 'RSASSA-PKCS1-v1_5' }, await rsaKeyFor(key, hash), signed)
      : await crypto.subtle.sign({ name: 'ECDSA', hash }, key.keys.privateKey, signed),
  );
  if (options.ecdsaDer === true) value = rawToDer(value);
  return placed.replace('SIGNATURE', Buffer.from(value).toString('base64'));
}

/** RSASSA keys are bound to one hash in WebCrypto: re-import the private key for the one asked. */
async function rsaKeyFor(key: SigningKey, hash: string): Promise<CryptoKey> {
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', key.keys.privateKey);
  return crypto.subtle.importKey('pkcs8', pkcs8, { name: 'RSASSA-PKCS1-v1_5', hash }, false, ['sign']);
}

function rawToDer(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2;
  const integer = (bytes: Uint8Array) => {
    let i = 0;
    while (i < bytes.length - 1 && bytes[i] === 0) i++;
    const trimmed = bytes.subarray(i);
    const body = (trimmed[0] ?? 0) & 0x80 ? [0, ...trimmed] : [...trimmed];
    return [0x02, body.length, ...body];
  };
  const content = [...integer(raw.subarray(0, half)), ...integer(raw.subarray(half))];
  return new Uint8Array(content.length < 128 ? [0x30, content.length, ...content] : [0x30, 0x81, content.length, ...content]);
}

function findById(root: import('@xmldom/xmldom').Element, id: string): import('@xmldom/xmldom').Element {
  const all = root.getElementsByTagName('*');
  for (let i = 0; i < all.length; i++) {
    const e = all.item(i)!;
    if (e.getAttribute('ID') === id || e.getAttribute('AssertionID') === id || e.getAttribute('Id') === id) return e;
  }
  if (root.getAttribute('ID') === id) return root;
  throw new Error(`no ${id}`);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('verifyXmlSignatures — a Salesforce-shaped response signed by xml-crypto', async () => {
  const idp = await sharedTestIdp();
  const other = await createTestIdp();
  const trusted = { trustedCertificates: [idp.certificateDer] };

  it('verifies both signatures against the trusted certificate and describes them', async () => {
    const report = await verify(buildSalesforceResponse(idp), trusted);
    expect(report.problems).toEqual([]);
    expect(report.signatures.map((s) => s.outcome)).toEqual(['valid', 'valid']);
    const [assertion, response] = [...report.signatures].sort((a, b) => b.parentPath.length - a.parentPath.length);
    expect(assertion?.signedElementPath).toBe('/samlp:Response/saml:Assertion[1]');
    expect(assertion?.signedElementName).toBe('Assertion');
    expect(response?.signedElementPath).toBe('/samlp:Response');
    expect(report.signatures.every((s) => s.referenceMatchesParent && s.digestsValid && s.verifiedWith === idp.sha256Fingerprint)).toBe(true);
    expect(assertion?.transforms).toEqual([ENVELOPED_SIGNATURE, C14N_EXCLUSIVE]);
    expect(assertion?.signatureMethod).toBe(RSA_SHA256);
    expect(assertion?.digestMethods).toEqual([SHA256]);
    expect(assertion?.keyInfoCertificates[0]?.sha1Fingerprint).toBe(idp.sha1Fingerprint);
  });

  it('says valid-keyinfo-only when no trusted certificate is given', async () => {
    const report = await verify(buildSalesforceResponse(idp));
    expect(report.signatures.map((s) => s.outcome)).toEqual(['valid-keyinfo-only', 'valid-keyinfo-only']);
    expect(report.signatures.every((s) => !s.wrongCertificate)).toBe(true);
  });

  it('verifies SHA-1 signatures too', async () => {
    const report = await verify(buildSalesforceResponse(idp, { signatureAlgorithm: 'sha1' }), trusted);
    expect(report.signatures.map((s) => s.outcome)).toEqual(['valid', 'valid']);
  });

  it('fails the digest when one character of signed content changes', async () => {
    const report = await verify(buildSalesforceResponse(idp, { tamper: true }), trusted);
    expect(report.signatures.map((s) => s.outcome)).toEqual(['invalid', 'invalid']);
    for (const s of report.signatures) {
      expect(s.digestsValid).toBe(false);
      expect(s.problems.map((p) => p.code)).toContain('signature-digest-mismatch');
      // The signer is still identifiable: the content changed after a genuine signature.
      expect(s.signatureValueVerifiedBy).toBe('trusted');
    }
  });

  it('fails when the SignatureValue is altered', async () => {
    const xml = buildSalesforceResponse(idp, { sign: 'response' });
    const altered = xml.replace(/<ds:SignatureValue>(.)/, (_m, c: string) => `<ds:SignatureValue>${c === 'A' ? 'B' : 'A'}`);
    const report = await verify(altered, trusted);
    expect(report.signatures[0]?.digestsValid).toBe(true);
    expect(report.signatures[0]?.outcome).toBe('invalid');
    expect(codes(report)).toContain('signature-value-mismatch');
  });

  it('flags a response signed by another key than the trusted one as wrong-certificate', async () => {
    const report = await verify(buildSalesforceResponse(other), trusted);
    expect(report.signatures.map((s) => [s.outcome, s.wrongCertificate])).toEqual([
      ['invalid', true],
      ['invalid', true],
    ]);
    expect(codes(report)).toContain('signature-wrong-certificate');
  });

  it('trusts the key, not the KeyInfo: a foreign certificate in KeyInfo does not matter when the trusted key signed', async () => {
    const report = await verify(buildSalesforceResponse(idp, { keyInfoIdp: other }), trusted);
    expect(report.signatures.map((s) => s.outcome)).toEqual(['valid', 'valid']);
  });

  it('is invalid everywhere when neither the trusted nor the KeyInfo certificate signed', async () => {
    const report = await verify(buildSalesforceResponse(idp, { signingIdp: other, keyInfoIdp: idp }), trusted);
    expect(report.signatures.map((s) => [s.outcome, s.wrongCertificate])).toEqual([
      ['invalid', false],
      ['invalid', false],
    ]);
  });

  it('tries every trusted certificate (metadata with a rolled-over certificate)', async () => {
    const report = await verify(buildSalesforceResponse(idp), { trustedCertificates: [other.certificateDer, idp.certificateDer] });
    expect(report.signatures.map((s) => s.outcome)).toEqual(['valid', 'valid']);
  });

  it('imports each key once per call however many signatures use it', async () => {
    const spy = vi.spyOn(crypto.subtle, 'importKey');
    await verify(buildSalesforceResponse(idp), trusted);
    const verifyImports = spy.mock.calls.filter(([format, , algorithm]) => format === 'spki' && JSON.stringify(algorithm).includes('SHA-256'));
    // One for the trusted certificate's self-signature check, one for the signatures.
    expect(verifyImports.length).toBeLessThanOrEqual(2);
  });

  it('leaves the forged assertion of a wrapped response uncovered and the signed one covered', async () => {
    const xml = buildSalesforceResponse(idp, { wrap: true });
    const parsed = parseXml(xml);
    if (!parsed.ok) throw new Error('unparseable');
    const report = await verifyXmlSignatures(parsed.document, trusted);
    expect(report.signatures.map((s) => s.outcome)).toEqual(['valid']);
    const assertions = parsed.document.getElementsByTagNameNS('urn:oasis:names:tc:SAML:2.0:assertion', 'Assertion');
    const forged = assertions.item(0)!;
    const genuine = assertions.item(1)!;
    expect(forged.getAttribute('ID')).toMatch(/-forged$/);
    expect(isElementCovered(report, forged)).toBe(false);
    expect(isElementCovered(report, genuine)).toBe(true);
    const nameId = genuine.getElementsByTagNameNS('urn:oasis:names:tc:SAML:2.0:assertion', 'NameID').item(0)!;
    expect(isElementCovered(report, nameId)).toBe(true);
  });

  it('counts KeyInfo-only signatures as coverage unless trusted ones are required', async () => {
    const parsed = parseXml(buildSalesforceResponse(idp, { sign: 'assertion' }));
    if (!parsed.ok) throw new Error('unparseable');
    const report = await verifyXmlSignatures(parsed.document);
    const assertion = parsed.document.getElementsByTagNameNS('urn:oasis:names:tc:SAML:2.0:assertion', 'Assertion').item(0)!;
    expect(isElementCovered(report, assertion)).toBe(true);
    expect(isElementCovered(report, assertion, { requireTrusted: true })).toBe(false);
    expect(isElementCovered(report, parsed.root)).toBe(false);
  });

  it('verifies an independently produced inclusive-C14N, RSA-SHA512 signature', async () => {
    const xml = xmlCryptoSign(DOC(), idp, C14N_10, 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512', 'http://www.w3.org/2001/04/xmlenc#sha512');
    const report = await verify(xml, trusted);
    expect(report.signatures[0]?.outcome).toBe('valid');
    expect(report.signatures[0]?.canonicalizationMethod).toBe(C14N_10);
  });

  it('verifies an independently produced exclusive C14N #WithComments signature over a commented element', async () => {
    const xml = xmlCryptoSign(DOC('<!-- note -->'), idp, C14N_EXCLUSIVE_WITH_COMMENTS, RSA_SHA256, SHA256, C14N_EXCLUSIVE);
    const report = await verify(xml, trusted);
    expect(report.signatures[0]?.outcome).toBe('valid');
  });
});

function xmlCryptoSign(xml: string, idp: TestIdp, c14n: string, signatureAlgorithm: string, digestAlgorithm: string, transformC14n = c14n): string {
  const signer = new SignedXml({ privateKey: idp.privateKeyPem, publicCert: idp.certificatePem, canonicalizationAlgorithm: c14n, signatureAlgorithm });
  signer.addReference({ xpath: "//*[@ID='_a1']", transforms: [ENVELOPED_SIGNATURE, transformC14n], digestAlgorithm });
  signer.computeSignature(xml, { prefix: 'ds', location: { reference: "//*[@ID='_a1']/*[local-name(.)='Issuer']", action: 'after' } });
  return signer.getSignedXml();
}

describe('verifyXmlSignatures — algorithms', async () => {
  const rsa = await signingKey('RSA');
  const p256 = await signingKey('EC', 'P-256');
  const p384 = await signingKey('EC', 'P-384');
  const p521 = await signingKey('EC', 'P-521');

  it.each([
    ['rsa-sha1', 'http://www.w3.org/2000/09/xmldsig#rsa-sha1', 'SHA-1', 'http://www.w3.org/2000/09/xmldsig#sha1'],
    ['rsa-sha256', RSA_SHA256, 'SHA-256', SHA256],
    ['rsa-sha384', 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384', 'SHA-384', 'http://www.w3.org/2001/04/xmldsig-more#sha384'],
    ['rsa-sha512', 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512', 'SHA-512', 'http://www.w3.org/2001/04/xmlenc#sha512'],
  ] as const)('verifies %s', async (_name, method, hash, digest) => {
    const xml = await sign(DOC(), '_a1', rsa, { signatureMethod: method, hash, digestMethod: digest });
    const report = await verify(xml, { trustedCertificates: [rsa.certificateDer] });
    expect(report.signatures[0]?.outcome).toBe('valid');
    expect(codes(report)).toEqual([]);
  });

  it.each([
    ['P-256', 'ecdsa-sha256', 'SHA-256'],
    ['P-384', 'ecdsa-sha384', 'SHA-384'],
    ['P-521', 'ecdsa-sha512', 'SHA-512'],
  ] as const)('verifies ECDSA on %s (%s), raw r||s', async (curve, name, hash) => {
    const key = { 'P-256': p256, 'P-384': p384, 'P-521': p521 }[curve];
    const xml = await sign(DOC(), '_a1', key, { signatureMethod: `http://www.w3.org/2001/04/xmldsig-more#${name}`, hash });
    const report = await verify(xml, { trustedCertificates: [key.certificateDer] });
    expect(report.signatures[0]?.outcome).toBe('valid');
    expect(report.signatures[0]?.keyInfoCertificates[0]?.curve).toBe(curve);
  });

  it('tolerates a DER-encoded ECDSA SignatureValue with a warning', async () => {
    const xml = await sign(DOC(), '_a1', p256, { signatureMethod: 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256', ecdsaDer: true });
    const report = await verify(xml, { trustedCertificates: [p256.certificateDer] });
    expect(report.signatures[0]?.outcome).toBe('valid');
    expect(codes(report)).toContain('signature-ecdsa-der');
  });

  it('does not verify an ECDSA signature with an RSA certificate', async () => {
    const xml = await sign(DOC(), '_a1', p256, { signatureMethod: 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256' });
    const report = await verify(xml, { trustedCertificates: [rsa.certificateDer] });
    expect(report.signatures[0]?.outcome).toBe('invalid');
    expect(report.signatures[0]?.wrongCertificate).toBe(true);
  });

  it.each([
    ['C14N 1.0', C14N_10],
    ['C14N 1.1', C14N_11],
    ['exclusive C14N', C14N_EXCLUSIVE],
  ])('verifies SignedInfo and references canonicalized with %s', async (_name, uri) => {
    const xml = await sign(DOC(), '_a1', rsa, { canonicalization: uri });
    expect((await verify(xml, { trustedCertificates: [rsa.certificateDer] })).signatures[0]?.outcome).toBe('valid');
  });

  it('accepts the non-standard xmlenc#sha1 digest and xmldsig-more#rsa-sha1 names with warnings', async () => {
    const xml = await sign(DOC(), '_a1', rsa, {
      signatureMethod: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha1',
      hash: 'SHA-1',
      digestMethod: 'http://www.w3.org/2001/04/xmlenc#sha1',
    });
    const report = await verify(xml, { trustedCertificates: [rsa.certificateDer] });
    expect(report.signatures[0]?.outcome).toBe('valid');
    expect(codes(report).filter((c) => c === 'signature-nonstandard-algorithm')).toHaveLength(2);
  });

  it('verifies a whole-document reference (URI="")', async () => {
    const xml = await sign(DOC(), '_r1', rsa, { uri: '' });
    const report = await verify(xml, { trustedCertificates: [rsa.certificateDer] });
    expect(report.signatures[0]?.outcome).toBe('valid');
    expect(report.signatures[0]?.signedElementPath).toBe('/samlp:Response');
    expect(report.signatures[0]?.referenceMatchesParent).toBe(true);
  });

  it('canonicalizes with C14N 1.0 when a reference names no canonicalization transform', async () => {
    const xml = await sign(DOC(), '_a1', rsa, { transforms: [ENVELOPED_SIGNATURE] });
    expect((await verify(xml, { trustedCertificates: [rsa.certificateDer] })).signatures[0]?.outcome).toBe('valid');
  });

  it('reports unsupported signature and digest algorithms as unsupported', async () => {
    const dsa = await sign(DOC(), '_a1', rsa, { signatureMethod: 'http://www.w3.org/2000/09/xmldsig#dsa-sha1' });
    const dsaReport = await verify(dsa, { trustedCertificates: [rsa.certificateDer] });
    expect(dsaReport.signatures[0]?.outcome).toBe('unsupported');
    expect(codes(dsaReport)).toContain('signature-algorithm-unsupported');
    const md5 = await sign(DOC(), '_a1', rsa, { digestMethod: 'http://www.w3.org/2001/04/xmldsig-more#md5' });
    const md5Report = await verify(md5, { trustedCertificates: [rsa.certificateDer] });
    expect(md5Report.signatures[0]?.outcome).toBe('unsupported');
    expect(codes(md5Report)).toContain('signature-digest-unsupported');
  });
});

describe('verifyXmlSignatures — malformed and hostile signatures', async () => {
  const rsa = await signingKey('RSA');
  const trusted = { trustedCertificates: [rsa.certificateDer] };
  const good = await sign(DOC(), '_a1', rsa);

  it('refuses more than two transforms, as node-saml does', async () => {
    const xml = await sign(DOC(), '_a1', rsa, { transforms: [ENVELOPED_SIGNATURE, C14N_EXCLUSIVE, C14N_EXCLUSIVE] });
    const report = await verify(xml, trusted);
    expect(report.signatures[0]?.outcome).toBe('invalid');
    expect(codes(report)).toContain('signature-too-many-transforms');
  });

  it('refuses an unknown transform such as XPath', async () => {
    const xml = await sign(DOC(), '_a1', rsa, { transforms: ['http://www.w3.org/TR/1999/REC-xpath-19991116'] });
    const report = await verify(xml, trusted);
    expect(report.signatures[0]?.outcome).toBe('invalid');
    expect(codes(report)).toContain('signature-transform-unsupported');
  });

  it('refuses a reference to an ID nothing carries', async () => {
    const report = await verify(good.replace('URI="#_a1"', 'URI="#_nowhere"'), trusted);
    expect(report.signatures[0]?.outcome).toBe('invalid');
    expect(codes(report)).toContain('signature-reference-unresolved');
  });

  it('refuses a reference outside the document', async () => {
    const report = await verify(good.replace('URI="#_a1"', 'URI="https://evil.example/doc.xml"'), trusted);
    expect(codes(report)).toContain('signature-reference-unresolved');
    expect(report.signatures[0]?.signedElement).toBeUndefined();
  });

  it('refuses a reference to an ID two elements carry and reports the duplicate for the document', async () => {
    const report = await verify(good.replace('<samlp:Response ', '<samlp:Response ').replace('ID="_r1"', 'ID="_a1"'), trusted);
    expect(report.problems.map((p) => p.code)).toEqual(['duplicate-id']);
    expect(report.signatures[0]?.outcome).toBe('invalid');
    expect(codes(report)).toContain('duplicate-id');
  });

  it('resolves the Id and AssertionID attribute spellings', async () => {
    for (const attribute of ['AssertionID', 'Id']) {
      const xml = await sign(DOC().replace('ID="_a1"', `${attribute}="_a1"`), '_a1', rsa);
      expect((await verify(xml, trusted)).signatures[0]?.outcome).toBe('valid');
    }
  });

  it('ignores a comment inside DigestValue rather than reading it as part of the value', async () => {
    const digest = /<ds:DigestValue>([^<]*)<\/ds:DigestValue>/.exec(good)?.[1] ?? '';
    const commented = good.replace(`<ds:DigestValue>${digest}`, `<ds:DigestValue><!--x-->${digest}`);
    expect((await verify(commented, trusted)).signatures[0]?.digestsValid).toBe(true);
    const hidden = good.replace(`<ds:DigestValue>${digest}`, `<ds:DigestValue><!--${digest}-->AAAA`);
    expect((await verify(hidden, trusted)).signatures[0]?.digestsValid).toBe(false);
  });

  it.each([
    ['no SignedInfo', (x: string) => x.replace(/<ds:SignedInfo>[\s\S]*<\/ds:SignedInfo>/, '')],
    ['two SignedInfo', (x: string) => x.replace(/(<ds:SignedInfo>[\s\S]*<\/ds:SignedInfo>)/, '$1$1')],
    ['two SignatureValue', (x: string) => x.replace(/(<ds:SignatureValue>[^<]*<\/ds:SignatureValue>)/, '$1$1')],
    ['no SignatureValue', (x: string) => x.replace(/<ds:SignatureValue>[^<]*<\/ds:SignatureValue>/, '')],
    ['SignatureValue not base64', (x: string) => x.replace(/<ds:SignatureValue>[^<]*<\/ds:SignatureValue>/, '<ds:SignatureValue>%%%</ds:SignatureValue>')],
    ['no CanonicalizationMethod', (x: string) => x.replace(/<ds:CanonicalizationMethod [^>]*\/>/, '')],
    ['no Reference', (x: string) => x.replace(/<ds:Reference [\s\S]*<\/ds:Reference>/, '')],
    ['a DigestValue not base64', (x: string) => x.replace(/<ds:DigestValue>[^<]*</, '<ds:DigestValue>!!<')],
  ])('calls a Signature with %s malformed and invalid', async (_label, edit) => {
    const report = await verify(edit(good), trusted);
    expect(report.signatures[0]?.outcome).toBe('invalid');
    expect(codes(report)).toContain('signature-malformed');
  });

  it('calls two signatures sharing one SignatureValue malformed', async () => {
    const signature = /<ds:Signature [\s\S]*<\/ds:Signature>/.exec(good)?.[0] ?? '';
    const copied = good.replace('</samlp:Response>', `<Extra>${signature}</Extra></samlp:Response>`);
    const report = await verify(copied, trusted);
    expect(report.signatures).toHaveLength(2);
    expect(report.signatures.every((s) => s.outcome === 'invalid' && s.problems.some((p) => p.code === 'signature-malformed'))).toBe(true);
  });

  it('is unverifiable without KeyInfo or trusted certificate, and valid once the certificate is trusted', async () => {
    const bare = await sign(DOC(), '_a1', rsa, { keyInfo: false });
    const alone = await verify(bare);
    expect(alone.signatures[0]?.outcome).toBe('unverifiable');
    expect(alone.signatures[0]?.digestsValid).toBe(true);
    expect(codes(alone)).toContain('signature-no-key');
    expect((await verify(bare, trusted)).signatures[0]?.outcome).toBe('valid');
  });

  it('uses an RSAKeyValue in KeyInfo when no certificate is there', async () => {
    const jwk = await crypto.subtle.exportKey('jwk', rsa.keys.publicKey);
    const b64 = (s: string | undefined) => Buffer.from(s ?? '', 'base64url').toString('base64');
    const bare = await sign(DOC(), '_a1', rsa, { keyInfo: false });
    const withKeyValue = bare.replace(
      '</ds:SignatureValue>',
      `</ds:SignatureValue><ds:KeyInfo><ds:KeyValue><ds:RSAKeyValue><ds:Modulus>${b64(jwk.n)}</ds:Modulus><ds:Exponent>${b64(jwk.e)}</ds:Exponent></ds:RSAKeyValue></ds:KeyValue></ds:KeyInfo>`,
    );
    const report = await verify(withKeyValue);
    expect(report.signatures[0]?.outcome).toBe('valid-keyinfo-only');
    expect(report.signatures[0]?.verifiedWith).toBeUndefined();
  });

  it('accepts a trusted bare public key', async () => {
    const spki = new Uint8Array(await crypto.subtle.exportKey('spki', rsa.keys.publicKey));
    const report = await verify(await sign(DOC(), '_a1', rsa, { keyInfo: false }), { trustedPublicKeys: [spki] });
    expect(report.signatures[0]?.outcome).toBe('valid');
  });

  it('reports an unusable trusted certificate and still checks with the KeyInfo one', async () => {
    const report = await verify(good, { trustedCertificates: [new Uint8Array([1, 2, 3])] });
    expect(report.problems.map((p) => p.code)).toEqual(['trusted-certificate-invalid']);
    expect(report.signatures[0]?.outcome).toBe('valid-keyinfo-only');
  });

  it('reports an unreadable KeyInfo certificate', async () => {
    const broken = good.replace(/<ds:X509Certificate>[^<]*</, '<ds:X509Certificate>MIIBogus<');
    const report = await verify(broken);
    expect(report.signatures[0]?.outcome).toBe('unverifiable');
    expect(codes(report)).toContain('certificate-invalid');
  });

  it('checks at most 20 signatures and says so', async () => {
    const signature = /<ds:Signature [\s\S]*<\/ds:Signature>/.exec(good)?.[0] ?? '';
    const many = good.replace('</samlp:Response>', `${`<X>${signature}</X>`.repeat(25)}</samlp:Response>`);
    const report = await verify(many);
    expect(report.signatures).toHaveLength(20);
    expect(report.problems.map((p) => p.code)).toContain('signature-too-many');
  });

  it('reports an empty report for an unsigned document', async () => {
    const report = await verify(DOC());
    expect(report).toEqual({ signatures: [], problems: [] });
  });
});

describe('verifyXmlSignatures never throws', async () => {
  const fc = await import('fast-check');
  const rsa = await signingKey('RSA');
  const good = await sign(DOC(), '_a1', rsa);

  it('returns a report for a signed document with characters replaced anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: good.length - 1 }), fc.constantFrom('"', '<', 'A', '#', ' ', '/', '='), async (at, c) => {
        const parsed = parseXml(good.slice(0, at) + c + good.slice(at + 1));
        if (!parsed.ok) return;
        const report = await verifyXmlSignatures(parsed.document, { trustedCertificates: [rsa.certificateDer] });
        expect(Array.isArray(report.signatures)).toBe(true);
        for (const s of report.signatures) {
          if (s.outcome === 'valid') expect(s.digestsValid && s.signatureValueVerifiedBy === 'trusted').toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

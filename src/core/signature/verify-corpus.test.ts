import { readFileSync } from 'node:fs';
import { AsnConvert } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { decodeSamlValue } from '../binding/decode-saml-value.ts';
import { parseCertificate } from '../certificate/parse-certificate.ts';
import { parseXml } from '../xml/parse-xml.ts';
import type { SignatureCheck, SignatureReport } from './signature-check.ts';
import { verifyXmlSignatures } from './verify-xml-signatures.ts';

/**
 * Every catalogued corpus message, every visible signature, every candidate key: our verdict must
 * equal xmlsec1's where the catalog has one (it settles C14N 1.1, which xml-crypto lacks) and
 * xml-crypto's otherwise. Signatures inside EncryptedAssertion and redirect-binding query-string
 * signatures are out of scope (we cannot decrypt; the query string is not XML-DSig).
 */

const CORPUS = '/work/shared/corpus';

interface CatalogSignature {
  readonly on: string;
  readonly reference_matches_parent?: boolean;
  readonly keyinfo_cert_sha1?: string;
  readonly xml_crypto?: Readonly<Record<string, string>>;
  readonly xmlsec1?: Readonly<Record<string, string>>;
}
interface CatalogEntry {
  readonly file: string;
  readonly kind: string;
  readonly encoding: string;
  readonly expected?: string;
  readonly flags?: readonly string[];
  readonly signature_check?: readonly CatalogSignature[];
  readonly signature_valid_with?: string | null;
}

/** Corpus cases this verifier does not match, with the reason. Keep it empty. */
const KNOWN_GAPS: ReadonlyMap<string, string> = new Map<string, string>([]);

const catalog = JSON.parse(readFileSync(`${CORPUS}/catalog.json`, 'utf8')) as CatalogEntry[]; // -- catalog.json is the corpus's documented shape
const byFile = new Map(catalog.map((e) => [e.file, e]));
const messages = catalog.filter((e) => e.expected !== undefined);

function read(file: string): string {
  return readFileSync(`${CORPUS}/${file}`, 'utf8');
}

function messageXml(entry: CatalogEntry): string {
  const text = read(entry.file);
  let value = text;
  if (entry.encoding.startsWith('json{')) value = (JSON.parse(text) as { SAMLRequest: string }).SAMLRequest; // -- node-saml's stored redirect parameters
  else if (entry.encoding.startsWith('query-string{')) value = new URLSearchParams(text.trim()).get('SAMLRequest') ?? '';
  const decoded = decodeSamlValue(value);
  if (!decoded.ok) throw new Error(`${entry.file}: ${decoded.problems.map((p) => p.message).join('; ')}`);
  return decoded.xml;
}

interface TrustAnchors {
  readonly trustedCertificates: Uint8Array[];
  readonly trustedPublicKeys: Uint8Array[];
}

/** Metadata: X509Certificate elements read directly (some metadata puts KeyInfo in its own namespace). */
function certificateTexts(file: string): string[] {
  const entry = byFile.get(file);
  const text = read(file);
  if (entry?.kind === 'metadata') {
    const doc = new DOMParser().parseFromString(text.replace(/^\uFEFF/, ''), 'text/xml');
    const nodes = doc.getElementsByTagNameNS('*', 'X509Certificate');
    return Array.from({ length: nodes.length }, (_, i) => nodes.item(i)?.textContent ?? '');
  }
  if (entry?.kind === 'settings') return [(JSON.parse(text) as { idp: { x509cert: string } }).idp.x509cert]; // -- python3-saml settings shape
  return [text];
}

/** A PKCS#1 "RSA PUBLIC KEY" PEM (xml-crypto's saml_external_ns.pem) wrapped as SubjectPublicKeyInfo. */
function rsaPublicKeyToSpki(pem: string): Uint8Array {
  const body = /-----BEGIN RSA PUBLIC KEY-----([\s\S]*?)-----END RSA PUBLIC KEY-----/.exec(pem)?.[1] ?? '';
  const spki = new SubjectPublicKeyInfo({
    algorithm: new AlgorithmIdentifier({ algorithm: '1.2.840.113549.1.1.1', parameters: null }),
    subjectPublicKey: new Uint8Array(Buffer.from(body.replace(/\s+/g, ''), 'base64')).buffer,
  });
  return new Uint8Array(AsnConvert.serialize(spki));
}

const anchorCache = new Map<string, Promise<TrustAnchors>>();

/** `file` = every certificate in it; `file#n` = its n-th certificate. */
function anchors(candidate: string): Promise<TrustAnchors> {
  let pending = anchorCache.get(candidate);
  if (!pending) {
    pending = loadAnchors(candidate);
    anchorCache.set(candidate, pending);
  }
  return pending;
}

async function loadAnchors(candidate: string): Promise<TrustAnchors> {
  const [file = '', suffix] = candidate.split('#');
  const texts = certificateTexts(file);
  const chosen = suffix === undefined ? texts : [texts[Number(suffix) - 1] ?? ''];
  const result: TrustAnchors = { trustedCertificates: [], trustedPublicKeys: [] };
  for (const text of chosen) {
    if (text.includes('BEGIN RSA PUBLIC KEY')) {
      result.trustedPublicKeys.push(rsaPublicKeyToSpki(text));
      continue;
    }
    const parsed = await parseCertificate(text);
    if (!parsed.ok) throw new Error(`${candidate}: ${parsed.problems.map((p) => p.message).join('; ')}`);
    result.trustedCertificates.push(parsed.der);
  }
  return result;
}

/** In per-key results a file without `#n` means its first certificate. */
function firstOnly(candidate: string): string {
  return candidate.includes('#') ? candidate : `${candidate}#1`;
}

function visible(entry: CatalogEntry): CatalogSignature[] {
  return (entry.signature_check ?? []).filter((s) => !s.on.includes('decrypted') && !s.on.startsWith('redirect'));
}

/** Pairs catalog signatures with ours by the parent element's name, in document order within a name. */
function pair(entry: CatalogEntry, report: SignatureReport): [CatalogSignature, SignatureCheck][] {
  const remaining = [...report.signatures];
  const pairs: [CatalogSignature, SignatureCheck][] = [];
  for (const expected of visible(entry)) {
    const at = remaining.findIndex((s) => parentName(s) === expected.on);
    if (at < 0) throw new Error(`${entry.file}: no signature on ${expected.on}`);
    pairs.push([expected, remaining.splice(at, 1)[0]!]);
  }
  return pairs;
}

function parentName(check: SignatureCheck): string {
  const last = check.parentPath.split('/').pop() ?? '';
  return last.replace(/\[\d+\]$/, '').replace(/^.*:/, '');
}

async function expectedResults(signature: CatalogSignature): Promise<Map<string, boolean>> {
  const results = new Map<string, boolean>();
  const verifies = (v: string) => v === 'valid' || v.startsWith('valid (');
  for (const [key, value] of Object.entries(signature.xml_crypto ?? {})) {
    // xml-crypto lacks C14N 1.1: its refusal is no verdict on the signature.
    if (value.startsWith('error: canonicalization algorithm')) continue;
    results.set(key, verifies(value));
  }
  // xmlsec1 wins where both ran (C14N 1.1, duplicate SignatureValue documents).
  for (const [key, value] of Object.entries(signature.xmlsec1 ?? {})) results.set(key, verifies(value));
  // Where only xmlsec1 ran (it was given files, not KeyInfo), a KeyInfo certificate identical to a
  // checked file shares that file's verdict.
  if (!results.has('KeyInfo') && signature.keyinfo_cert_sha1 !== undefined) {
    for (const [key, verdict] of [...results]) {
      const certificates = (await anchors(firstOnly(key))).trustedCertificates;
      const first = certificates[0];
      const parsed = first && certificates.length === 1 ? await parseCertificate(first) : undefined;
      if (parsed?.ok && parsed.info.sha1Fingerprint === signature.keyinfo_cert_sha1) results.set('KeyInfo', verdict);
    }
  }
  return results;
}

interface Outcome {
  readonly file: string;
  readonly signatures: number;
  readonly comparisons: number;
}

async function checkMessage(entry: CatalogEntry): Promise<Outcome> {
  const xml = messageXml(entry);
  const parsed = parseXml(xml);
  const notWellFormed = (entry.flags ?? []).some((f) => f.startsWith('not-well-formed') || f === 'doctype' || f === 'entity-declarations');
  if (!parsed.ok) {
    // Strict xmldom refuses these; refusing them is the right verdict, not a gap.
    expect(notWellFormed, `${entry.file} should parse: ${parsed.problems.map((p) => p.message).join('; ')}`).toBe(true);
    return { file: entry.file, signatures: 0, comparisons: 0 };
  }
  expect(notWellFormed, `${entry.file} is flagged not well-formed but parsed`).toBe(false);

  const reports = new Map<string, SignatureReport>();
  const reportFor = async (key: string): Promise<SignatureReport> => {
    let report = reports.get(key);
    if (!report) {
      report = key === 'KeyInfo' ? await verifyXmlSignatures(parsed.document) : await verifyXmlSignatures(parsed.document, await anchors(key));
      reports.set(key, report);
    }
    return report;
  };

  const base = await reportFor('KeyInfo');
  const expectedVisible = visible(entry);
  expect(base.signatures.length, `${entry.file}: number of visible signatures`).toBe(expectedVisible.length);

  let comparisons = 0;
  const mismatches: string[] = [];
  for (const [n, expected] of expectedVisible.entries()) {
    for (const [key, verifies] of await expectedResults(expected)) {
      const report = await reportFor(key === 'KeyInfo' ? key : firstOnly(key));
      const check = pair(entry, report)[n]![1];
      const ours = key === 'KeyInfo' ? check.outcome === 'valid-keyinfo-only' : check.outcome === 'valid';
      comparisons++;
      if (ours !== verifies) {
        mismatches.push(`signature on ${expected.on} #${String(n + 1)} with ${key}: expected ${verifies ? 'valid' : 'not valid'}, got ${check.outcome} (${check.problems.map((p) => p.code).join(', ')})`);
      }
    }
    const ourCheck = pair(entry, base)[n]![1];
    if (expected.reference_matches_parent !== undefined && ourCheck.referenceUris.length === 1 && ourCheck.signedElement) {
      expect(ourCheck.referenceMatchesParent, `${entry.file}: reference_matches_parent of the signature on ${expected.on}`).toBe(expected.reference_matches_parent);
    }
  }

  if (entry.expected === 'wrong-certificate') {
    // The source's verdict: signed by another key than the trusted one, which KeyInfo carries.
    for (const check of base.signatures) {
      if (check.outcome !== 'valid-keyinfo-only') mismatches.push(`wrong-certificate message: signature on ${check.parentPath} should verify with its KeyInfo, got ${check.outcome}`);
    }
  }

  if (entry.signature_valid_with) {
    const report = await reportFor(entry.signature_valid_with);
    for (const check of report.signatures) {
      if (check.outcome !== 'valid') mismatches.push(`signature on ${check.parentPath} should verify with ${entry.signature_valid_with}, got ${check.outcome} (${check.problems.map((p) => p.code).join(', ')})`);
    }
  }
  expect(mismatches).toEqual([]);
  return { file: entry.file, signatures: expectedVisible.length, comparisons };
}

const totals = { messages: 0, signatures: 0, comparisons: 0 };

describe('verifyXmlSignatures agrees with xmlsec1 and xml-crypto on the corpus', () => {
  it('has the catalogued messages', () => {
    expect(messages.length).toBe(151);
  });

  it.each(messages.filter((m) => !KNOWN_GAPS.has(m.file)))('$file', async (entry) => {
    const outcome = await checkMessage(entry);
    totals.messages++;
    totals.signatures += outcome.signatures;
    totals.comparisons += outcome.comparisons;
  });

  it.each(messages.filter((m) => KNOWN_GAPS.has(m.file)))('known gap: $file', async (entry) => {
    await expect(checkMessage(entry)).rejects.toThrow();
  });

  it('compared every visible signature', () => {
    // Printed for the report: how much of the corpus this suite exercises.
    console.info(`corpus: ${String(totals.messages)} messages, ${String(totals.signatures)} visible signatures, ${String(totals.comparisons)} key comparisons, ${String(KNOWN_GAPS.size)} known gaps`);
    expect(totals.signatures).toBeGreaterThan(100);
  });
});

describe('verifyXmlSignatures on corpus attack shapes', () => {
  async function report(file: string, trusted?: string): Promise<SignatureReport> {
    const entry = byFile.get(file)!;
    const parsed = parseXml(messageXml(entry));
    if (!parsed.ok) throw new Error('unparseable');
    return verifyXmlSignatures(parsed.document, trusted === undefined ? {} : await anchors(trusted));
  }

  it('refuses a reference to an ID two elements share and reports the duplicate', async () => {
    const r = await report('xml-crypto/valid_saml_signature_wrapping.xml', 'xml-crypto/feide_public.pem');
    expect(r.problems.map((p) => p.code)).toContain('duplicate-id');
    expect(r.signatures.every((s) => s.outcome === 'invalid' && s.problems.some((p) => p.code === 'duplicate-id'))).toBe(true);
  });

  it('reads DigestValue without the comment injected into it', async () => {
    const r = await report('xml-crypto/valid_saml_with_digest_comment.xml', 'xml-crypto/feide_public.pem');
    expect(r.signatures[0]?.outcome).toBe('invalid');
    expect(r.signatures[0]?.problems.map((p) => p.code)).toContain('signature-digest-mismatch');
  });

  it('refuses a Signature with two SignedInfo elements as malformed', async () => {
    const r = await report('xml-crypto/saml_multiple_signed_info_nodes.xml');
    expect(r.signatures[0]?.problems.map((p) => p.code)).toContain('signature-malformed');
  });

  it('flags the copied SignatureValue of ruby-saml multiple_signed as malformed', async () => {
    const r = await report('ruby-saml/responses/invalids/multiple_signed.xml.base64');
    const onResponse = r.signatures.filter((s) => s.parentPath === '/samlp:Response');
    expect(onResponse).toHaveLength(2);
    for (const s of onResponse) expect(s.problems.map((p) => p.code)).toContain('signature-malformed');
  });

  it('marks a signature that verifies only with its own KeyInfo as wrong-certificate', async () => {
    const r = await report('gosaml2/testdata/onelogin/olgn09_response_31.b64', 'gosaml2/testdata/onelogin/idp.signing.cert');
    expect(r.signatures[0]?.outcome).toBe('invalid');
    expect(r.signatures[0]?.wrongCertificate).toBe(true);
    expect(r.signatures[0]?.signatureValueVerifiedBy).toBe('keyinfo');
  });

  it('verifies C14N 1.1 signatures from saml.oktadev.com', async () => {
    const r = await report('gosaml2/testdata/saml.oktadev.com/response_2', 'gosaml2/testdata/saml.oktadev.com/oktadev.pem');
    expect(r.signatures[0]?.canonicalizationMethod).toBe('http://www.w3.org/2006/12/xml-c14n11');
    expect(r.signatures[0]?.outcome).toBe('valid');
  });

  it('accepts the double-encoded ADFS KeyInfo certificate and non-standard URIs with warnings', async () => {
    const r = await report('ruby-saml/responses/adfs_response_sha384.xml');
    const codes = r.signatures[0]?.problems.map((p) => p.code) ?? [];
    expect(r.signatures[0]?.outcome).toBe('valid-keyinfo-only');
    expect(codes).toContain('certificate-double-encoded');
    expect(codes).toContain('signature-nonstandard-algorithm');
  });

  it('describes the signed element and its path', async () => {
    const r = await report('python3-saml/responses/double_signed_response.xml.base64', 'python3-saml/settings/settings1.json');
    const paths = r.signatures.map((s) => s.signedElementPath);
    expect(paths).toEqual(['/samlp:Response', '/samlp:Response/saml:Assertion[1]']);
    expect(r.signatures.every((s) => s.referenceMatchesParent && s.outcome === 'valid')).toBe(true);
    const assertion = r.signatures[1]?.signedElement as Element; // -- resolved above
    expect(r.signatures[1]?.parentPath).toBe(paths[1]);
    expect(assertion.localName).toBe('Assertion');
  });
});

import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, type Name } from '@peculiar/asn1-x509';
import { base64ToBytes } from '../binding/decode-saml-value.ts';
import { problem, type Problem } from '../problem.ts';
import { BoundedMemo } from './bounded-memo.ts';
import type { CertificateInfo } from './certificate-info.ts';
import { bytesToBase64 } from './bytes-to-base64.ts';
import { describePublicKey, type PublicKeyDescription } from './describe-public-key.ts';
import { ecdsaSignatureToRaw } from './ecdsa-signature-to-raw.ts';
import { importVerifyKey } from './import-verify-key.ts';
import { readDerChildren, readDerElement } from './read-der-element.ts';

export type CertificateParse =
  | {
      readonly ok: true;
      readonly info: CertificateInfo;
      /** SubjectPublicKeyInfo DER, ready for `crypto.subtle.importKey('spki', ...)`. */
      readonly spki: Uint8Array<ArrayBuffer>;
      readonly der: Uint8Array<ArrayBuffer>;
      /** Tolerated irregularities (double encoding, trailing bytes, several PEM blocks). */
      readonly problems: readonly Problem[];
    }
  | { readonly ok: false; readonly problems: readonly Problem[] };

/** Largest accepted input: real X.509 certificates are a few kilobytes. */
const MAX_INPUT_CHARS = 256 * 1024;

/**
 * Parses kept across calls, keyed by the exact input. Safe to share: parsing is a pure function
 * of the input (same bytes → same result; the clock is not read), results are never modified by
 * their readers, and the memo is bounded. Every diagnosis meets the same IdP certificate (in the
 * metadata and in each KeyInfo); parsing it, its fingerprints and its self-signature check cost
 * more than the rest of an 8 KB diagnosis.
 */
const PARSED = new BoundedMemo<Promise<CertificateParse>>(32);
/** Longer inputs are parsed each time: they would make the memo's keys (and memory) large. */
const MAX_MEMO_KEY_CHARS = 16 * 1024;

const SIGNATURE_ALGORITHMS: ReadonlyMap<string, { readonly name: string; readonly hash?: string; readonly kind?: 'RSA' | 'EC' }> = new Map([
  ['1.2.840.113549.1.1.4', { name: 'md5WithRSAEncryption' }],
  ['1.2.840.113549.1.1.5', { name: 'sha1WithRSAEncryption', hash: 'SHA-1', kind: 'RSA' }],
  ['1.2.840.113549.1.1.11', { name: 'sha256WithRSAEncryption', hash: 'SHA-256', kind: 'RSA' }],
  ['1.2.840.113549.1.1.12', { name: 'sha384WithRSAEncryption', hash: 'SHA-384', kind: 'RSA' }],
  ['1.2.840.113549.1.1.13', { name: 'sha512WithRSAEncryption', hash: 'SHA-512', kind: 'RSA' }],
  ['1.2.840.113549.1.1.14', { name: 'sha224WithRSAEncryption' }],
  ['1.2.840.113549.1.1.10', { name: 'RSASSA-PSS' }],
  ['1.2.840.10045.4.1', { name: 'ecdsa-with-SHA1', hash: 'SHA-1', kind: 'EC' }],
  ['1.2.840.10045.4.3.2', { name: 'ecdsa-with-SHA256', hash: 'SHA-256', kind: 'EC' }],
  ['1.2.840.10045.4.3.3', { name: 'ecdsa-with-SHA384', hash: 'SHA-384', kind: 'EC' }],
  ['1.2.840.10045.4.3.4', { name: 'ecdsa-with-SHA512', hash: 'SHA-512', kind: 'EC' }],
  ['1.3.101.112', { name: 'Ed25519' }],
]);

// RFC 4514 §3 short names, plus the ones certificate tools commonly print.
const ATTRIBUTE_NAMES: ReadonlyMap<string, string> = new Map([
  ['2.5.4.3', 'CN'],
  ['2.5.4.4', 'SN'],
  ['2.5.4.5', 'SERIALNUMBER'],
  ['2.5.4.6', 'C'],
  ['2.5.4.7', 'L'],
  ['2.5.4.8', 'ST'],
  ['2.5.4.9', 'STREET'],
  ['2.5.4.10', 'O'],
  ['2.5.4.11', 'OU'],
  ['2.5.4.12', 'T'],
  ['2.5.4.42', 'GN'],
  ['0.9.2342.19200300.100.1.1', 'UID'],
  ['0.9.2342.19200300.100.1.25', 'DC'],
  ['1.2.840.113549.1.9.1', 'E'],
]);

/**
 * Parses one X.509 certificate given as PEM, bare base64 (line breaks allowed) or DER, and
 * describes it. Tolerates the double encoding ADFS puts in KeyInfo (base64 of a whole PEM file)
 * with a warning. Never throws: unusable input comes back as `{ ok: false, problems }`.
 */
export function parseCertificate(input: string | Uint8Array): Promise<CertificateParse> {
  if (input.length > MAX_MEMO_KEY_CHARS) return parseUncached(input);
  // Prefixes keep a string and bytes whose base64 spells that string apart.
  const key = typeof input === 'string' ? `s:${input}` : `b:${bytesToBase64(input)}`;
  // The input is copied before parsing (toDer), so a caller changing its bytes later cannot reach the kept result.
  return PARSED.get(key, () => parseUncached(input));
}

async function parseUncached(input: string | Uint8Array): Promise<CertificateParse> {
  const problems: Problem[] = [];
  try {
    return await parse(input, problems);
  } catch (error) {
    // The ASN.1 library throws on some malformed values (a Time CHOICE with neither member...).
    const reason = error instanceof Error ? error.message : String(error);
    problems.push(problem('certificate-invalid', 'error', `The certificate could not be decoded: ${reason}`));
    return { ok: false, problems };
  }
}

async function parse(input: string | Uint8Array, problems: Problem[]): Promise<CertificateParse> {
  const der = toDer(input, problems, 0);
  if (!der) return { ok: false, problems };
  const structure = locate(der);
  if (!structure) {
    problems.push(problem('certificate-invalid', 'error', 'The certificate is not a well-formed DER structure (X.509 is a SEQUENCE of TBSCertificate, algorithm and signature).'));
    return { ok: false, problems };
  }
  let certificate: Certificate;
  try {
    certificate = AsnConvert.parse(der.subarray(0, structure.end), Certificate);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    problems.push(problem('certificate-invalid', 'error', `The certificate could not be decoded as X.509: ${reason}`));
    return { ok: false, problems };
  }
  if (structure.end < der.length) {
    problems.push(problem('certificate-trailing-data', 'warning', `${String(der.length - structure.end)} bytes follow the certificate; they were ignored.`));
  }
  const exact = der.subarray(0, structure.end);
  const tbs = certificate.tbsCertificate;
  const spki = exact.slice(structure.spki.start, structure.spki.end);

  const key = describePublicKey(tbs.subjectPublicKeyInfo);
  const signatureOid = certificate.signatureAlgorithm.algorithm;
  const signatureAlgorithm = SIGNATURE_ALGORITHMS.get(signatureOid);
  const subject = formatName(tbs.subject);
  const issuer = formatName(tbs.issuer);

  const namesMatch = bytesEqual(exact.subarray(structure.issuer.start, structure.issuer.end), exact.subarray(structure.subject.start, structure.subject.end)) || subject === issuer;
  const [sha1, sha256, selfSignatureVerified] = await Promise.all([
    digestHex('SHA-1', exact),
    digestHex('SHA-256', exact),
    namesMatch
      ? verifySelfSignature(exact.subarray(structure.tbs.start, structure.tbs.end), spki, key, signatureAlgorithm, new Uint8Array(certificate.signatureValue))
      : undefined,
  ]);

  const extensionCounts = new Map<string, number>();
  if (tbs.extensions) {
    for (const extension of tbs.extensions) extensionCounts.set(extension.extnID, (extensionCounts.get(extension.extnID) ?? 0) + 1);
  }
  const repeatedExtensions = [...extensionCounts].filter(([, count]) => count > 1).map(([oid]) => oid);

  const notBefore = isoTime(tbs.validity.notBefore.getTime());
  const notAfter = isoTime(tbs.validity.notAfter.getTime());
  if (notBefore === undefined || notAfter === undefined) {
    problems.push(problem('certificate-invalid', 'error', 'The certificate validity dates cannot be read.'));
    return { ok: false, problems };
  }

  const info: { -readonly [K in keyof CertificateInfo]: CertificateInfo[K] } = {
    subject,
    issuer,
    serialNumber: serialHex(new Uint8Array(tbs.serialNumber)),
    notBefore,
    notAfter,
    keyAlgorithm: key.algorithm,
    keyBits: key.bits,
    signatureAlgorithm: signatureAlgorithm?.name ?? signatureOid,
    sha1Fingerprint: sha1,
    sha256Fingerprint: sha256,
    // Without a checkable signature (MD5, PSS, unknown algorithms) the names decide.
    selfSigned: namesMatch && selfSignatureVerified !== false,
    repeatedExtensions,
    derBase64: bytesToBase64(exact),
  };
  if (key.curve !== undefined) info.curve = key.curve;
  if (selfSignatureVerified !== undefined) info.selfSignatureVerified = selfSignatureVerified;
  return { ok: true, info, spki, der: exact, problems };
}

function toDer(input: string | Uint8Array, problems: Problem[], depth: number): Uint8Array<ArrayBuffer> | undefined {
  if (typeof input !== 'string') {
    if (input.length === 0) {
      problems.push(problem('certificate-empty', 'error', 'The certificate is empty.'));
      return undefined;
    }
    if (input[0] === 0x30) return new Uint8Array(input);
    if (input.length > MAX_INPUT_CHARS) {
      problems.push(problem('certificate-too-large', 'error', `The certificate input is ${String(input.length)} bytes; the limit is ${String(MAX_INPUT_CHARS)}.`));
      return undefined;
    }
    return toDer(latin1(input), problems, depth);
  }
  if (input.length > MAX_INPUT_CHARS) {
    problems.push(problem('certificate-too-large', 'error', `The certificate input is ${String(input.length)} characters; the limit is ${String(MAX_INPUT_CHARS)}.`));
    return undefined;
  }
  const text = input.trim();
  if (text === '') {
    problems.push(problem('certificate-empty', 'error', 'The certificate is empty.'));
    return undefined;
  }
  let body = text;
  if (text.includes('-----BEGIN')) {
    const blocks = [...text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g)];
    const certificates = blocks.filter((b) => /^(X509 |TRUSTED )?CERTIFICATE$/.test(b[1] ?? ''));
    const first = certificates[0];
    if (!first) {
      const label = blocks[0]?.[1];
      problems.push(
        label !== undefined && /PUBLIC KEY/.test(label)
          ? problem('certificate-is-public-key', 'error', `The PEM holds a bare public key (${label}), not a certificate.`)
          : problem('certificate-invalid', 'error', label !== undefined ? `The PEM block is a ${label}, not a CERTIFICATE.` : 'The PEM has no complete BEGIN/END CERTIFICATE block.'),
      );
      return undefined;
    }
    if (certificates.length > 1) {
      problems.push(problem('certificate-multiple', 'info', `The PEM holds ${String(certificates.length)} certificates; the first one was used.`));
    }
    // RFC 7468 §2: headers such as "Proc-Type:" may precede the base64 in old-style PEM.
    body = (first[2] ?? '').replace(/^[A-Za-z-]+:.*$/gm, '');
  }
  const compact = body.replace(/\s+/g, '');
  const bad = /[^A-Za-z0-9+/=]/.exec(compact);
  if (bad) {
    problems.push(problem('certificate-invalid', 'error', `The certificate is not base64: character ${String(bad.index + 1)} is ${JSON.stringify(bad[0])}.`));
    return undefined;
  }
  const unpadded = compact.replace(/=+$/, '');
  if (unpadded.includes('=') || unpadded.length % 4 === 1 || unpadded.length === 0) {
    problems.push(problem('certificate-invalid', 'error', 'The certificate base64 is truncated or has padding in the middle.'));
    return undefined;
  }
  const bytes = new Uint8Array(base64ToBytes(unpadded + '='.repeat((4 - (unpadded.length % 4)) % 4)));
  if (bytes[0] === 0x30) return bytes;
  const inner = latin1(bytes.subarray(0, 64));
  if (depth === 0 && /^\s*-----BEGIN /.test(inner)) {
    problems.push(
      problem(
        'certificate-double-encoded',
        'warning',
        'The certificate is base64 of a whole PEM file (base64 encoded twice), as some ADFS versions write it into KeyInfo. It was decoded, but strict verifiers reject it.',
      ),
    );
    return toDer(latin1(bytes), problems, depth + 1);
  }
  problems.push(problem('certificate-invalid', 'error', 'The decoded bytes are not a DER certificate (they do not start with a SEQUENCE).'));
  return undefined;
}

interface Structure {
  readonly end: number;
  readonly tbs: { readonly start: number; readonly end: number };
  readonly issuer: { readonly start: number; readonly end: number };
  readonly subject: { readonly start: number; readonly end: number };
  readonly spki: { readonly start: number; readonly end: number };
}

/** Finds the byte ranges signatures and key import need, straight from the DER. */
function locate(der: Uint8Array<ArrayBuffer>): Structure | undefined {
  const outer = readDerElement(der, 0);
  if (outer?.tag !== 0x30) return undefined;
  const parts = readDerChildren(der, outer, 3);
  const tbs = parts?.[0];
  if (tbs?.tag !== 0x30 || parts?.length !== 3) return undefined;
  const fields = readDerChildren(der, tbs, 16);
  if (!fields) return undefined;
  // TBSCertificate (RFC 5280 §4.1): [0] version is optional; then serial, signature, issuer,
  // validity, subject, subjectPublicKeyInfo.
  const skip = fields[0]?.tag === 0xa0 ? 1 : 0;
  const issuer = fields[skip + 2];
  const subject = fields[skip + 4];
  const spki = fields[skip + 5];
  if (issuer?.tag !== 0x30 || subject?.tag !== 0x30 || spki?.tag !== 0x30) return undefined;
  return {
    end: outer.end,
    tbs: { start: tbs.start, end: tbs.end },
    issuer: { start: issuer.start, end: issuer.end },
    subject: { start: subject.start, end: subject.end },
    spki: { start: spki.start, end: spki.end },
  };
}

async function verifySelfSignature(
  tbs: Uint8Array<ArrayBuffer>,
  spki: Uint8Array<ArrayBuffer>,
  key: PublicKeyDescription,
  algorithm: { readonly hash?: string; readonly kind?: 'RSA' | 'EC' } | undefined,
  signature: Uint8Array<ArrayBuffer>,
): Promise<boolean | undefined> {
  if (algorithm?.hash === undefined || algorithm.kind !== key.algorithm) return undefined;
  try {
    if (key.algorithm === 'RSA') {
      // Shared with XML signature checks: the IdP usually signs its certificate and its messages with the same hash.
      const imported = await importVerifyKey(spki, { name: 'RSASSA-PKCS1-v1_5', hash: algorithm.hash });
      return imported === undefined ? undefined : await crypto.subtle.verify('RSASSA-PKCS1-v1_5', imported, signature, tbs);
    }
    const curve = key.curve;
    if (curve !== 'P-256' && curve !== 'P-384' && curve !== 'P-521') return undefined;
    const raw = ecdsaSignatureToRaw(signature, Math.ceil((key.bits ?? 0) / 8));
    if (!raw) return false;
    const imported = await importVerifyKey(spki, { name: 'ECDSA', namedCurve: curve });
    if (imported === undefined) return undefined;
    return await crypto.subtle.verify({ name: 'ECDSA', hash: algorithm.hash }, imported, raw, tbs);
  } catch {
    // A key WebCrypto refuses (odd exponent, tiny modulus) cannot tell us anything.
    return undefined;
  }
}

function formatName(name: Name): string {
  const rdns: string[] = [];
  for (const rdn of name) {
    const parts: string[] = [];
    for (const attribute of rdn) {
      const label = ATTRIBUTE_NAMES.get(attribute.type) ?? attribute.type;
      const value = attribute.value;
      const text = value.anyValue ? `#${hex(new Uint8Array(value.anyValue))}` : escapeRdnValue(value.toString());
      parts.push(`${label}=${text}`);
    }
    rdns.push(parts.join('+'));
  }
  // RFC 4514 §2.1: the last RDN of the sequence comes first.
  return rdns.reverse().join(', ');
}

function escapeRdnValue(value: string): string {
  let escaped = value.replace(/[\\,+"<>;=]/g, (c) => `\\${c}`);
  if (/^[ #]/.test(escaped)) escaped = `\\${escaped}`;
  if (/ $/.test(escaped)) escaped = `${escaped.slice(0, -1)}\\ `;
  return escaped;
}

function serialHex(bytes: Uint8Array): string {
  let i = 0;
  // A positive INTEGER with its top bit set gets a leading zero byte in DER; openssl omits it.
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  return hex(bytes.subarray(i)).toUpperCase();
}

async function digestHex(algorithm: 'SHA-1' | 'SHA-256', bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest(algorithm, bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
}

function isoTime(date: Date): string | undefined {
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function latin1(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return text;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

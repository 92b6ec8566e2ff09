import type { Document, Element, Node } from '@xmldom/xmldom';
import { base64ToBytes, decodeCleanBase64 } from '../binding/decode-saml-value.ts';
import { digestText } from './digest-text.ts';
import { lendEncodedText } from './lend-encoded-text.ts';
import { bytesToBase64 } from '../certificate/bytes-to-base64.ts';
import type { CertificateInfo } from '../certificate/certificate-info.ts';
import { describePublicKeyDer } from '../certificate/describe-public-key.ts';
import { ecdsaSignatureToRaw } from '../certificate/ecdsa-signature-to-raw.ts';
import { importVerifyKey } from '../certificate/import-verify-key.ts';
import { parseCertificate, type CertificateParse } from '../certificate/parse-certificate.ts';
import { problem, type Problem } from '../problem.ts';
import { XMLDSIG_NS } from '../xml/saml-namespaces.ts';
import { c14nMethodFromUri, canonicalize, type C14nMethod } from './canonicalize.ts';
import { isElement, isText } from './dom-node-guards.ts';
import { elementPath } from './element-path.ts';
import type { ReferenceCheck, SignatureCheck, SignatureOutcome, SignatureReport } from './signature-check.ts';
import { DIGEST_ALGORITHMS, ENVELOPED_SIGNATURE, SIGNATURE_ALGORITHMS, type SignatureAlgorithm } from './xmldsig-algorithms.ts';

export interface VerifyXmlSignaturesOptions {
  /**
   * DER certificates the relying party trusts (IdP metadata, the expected certificate). Treated as
   * immutable: their base64 form is remembered per array.
   */
  readonly trustedCertificates?: readonly Uint8Array[];
  /** SubjectPublicKeyInfo DER of trusted bare keys (metadata that carries a key, not a certificate). */
  readonly trustedPublicKeys?: readonly Uint8Array[];
}

/** Work bounds: no real SAML message comes near them; hostile input stops here. */
export const SIGNATURE_LIMITS = {
  maxSignatures: 20,
  maxReferences: 10,
  /** node-saml refuses more; enveloped-signature plus one canonicalization is all SAML uses. */
  maxTransforms: 2,
  maxKeyInfoCertificates: 5,
  maxTrustedKeys: 50,
} as const;

const EXC_C14N_NS = 'http://www.w3.org/2001/10/xml-exc-c14n#';
/** SAML 2.0 ID, XML-DSig examples' Id and SAML 1.1 AssertionID. */
const ID_ATTRIBUTE_NAMES: ReadonlySet<string> = new Set(['ID', 'Id', 'AssertionID']);

/**
 * Checks every `ds:Signature` in the document (XMLDSig core validation, §3.2): each Reference is
 * resolved, transformed and digested, then SignedInfo is canonicalized and its SignatureValue
 * verified with WebCrypto against the trusted certificates and the certificates in KeyInfo.
 * Resolution is strict where signature wrapping hides: an ID held by several elements resolves to
 * nothing. Never throws; every failure is a Problem on the signature or the report.
 */
export async function verifyXmlSignatures(document: Document, options: VerifyXmlSignaturesOptions = {}): Promise<SignatureReport> {
  const problems: Problem[] = [];
  try {
    return await verifyAll(document, options, problems);
  } catch (error) {
    // Defensive: per-signature failures are caught below; this is for the document walk itself.
    const reason = error instanceof Error ? error.message : String(error);
    return { signatures: [], problems: [...problems, problem('signature-check-failed', 'error', `The signatures could not be checked: ${reason}`)] };
  }
}

async function verifyAll(document: Document, options: VerifyXmlSignaturesOptions, problems: Problem[]): Promise<SignatureReport> {
  const index = indexDocument(document);
  for (const [id, elements] of index.ids) {
    if (elements.length > 1) {
      problems.push(
        problem(
          'duplicate-id',
          'error',
          `${String(elements.length)} elements carry the ID "${id}" (${describePaths(elements)}). IDs must be unique; a duplicate is how signature-wrapping attacks make a verifier and an application read different elements.`,
        ),
      );
    }
  }
  if (index.signatures.length > SIGNATURE_LIMITS.maxSignatures) {
    problems.push(
      problem('signature-too-many', 'error', `The document has more than ${String(SIGNATURE_LIMITS.maxSignatures)} Signature elements; only the first ${String(SIGNATURE_LIMITS.maxSignatures)} were checked.`),
    );
  }
  const signatures = index.signatures.slice(0, SIGNATURE_LIMITS.maxSignatures);

  const keys = new KeyCache();
  const certificates = new CertificateCache();
  const trusted = await trustedKeys(options, certificates, problems);

  const signatureValues = new Map<string, number>();
  for (const signature of signatures) {
    const value = signatureValueText(signature);
    if (value !== undefined && value !== '') signatureValues.set(value, (signatureValues.get(value) ?? 0) + 1);
  }

  // Signatures are independent: checking them concurrently overlaps the WebCrypto round trips.
  const checks = await Promise.all(
    signatures.map(async (signature) => {
      try {
        return await checkSignature(signature, { document, index, trusted, keys, certificates, signatureValues });
      } catch (error) {
        // Defensive: an engine error (WebCrypto, a DOM oddity) must not take the report down.
        const reason = error instanceof Error ? error.message : String(error);
        return failedCheck(signature, problem('signature-check-failed', 'error', `The signature could not be checked: ${reason}`));
      }
    }),
  );
  return { signatures: checks, problems };
}

interface DocumentIndex {
  readonly ids: ReadonlyMap<string, readonly Element[]>;
  readonly signatures: readonly Element[];
}

function indexDocument(document: Document): DocumentIndex {
  const ids = new Map<string, Element[]>();
  const signatures: Element[] = [];
  const root = document.documentElement;
  if (!root) return { ids, signatures };
  const stack: Element[] = [root];
  while (stack.length > 0) {
    const element = stack.pop() as Element; // -- length checked: pop() cannot return undefined here
    // One pass over the attributes rather than one lookup per ID attribute name.
    const attributes = element.attributes;
    for (let i = 0; i < attributes.length; i++) {
      const attribute = attributes.item(i);
      if (attribute === null || !ID_ATTRIBUTE_NAMES.has(attribute.name)) continue;
      const value = attribute.value;
      const list = ids.get(value);
      // One element carrying the same value in two ID attributes is one element: it can only be
      // the last one pushed (visits are in document order), so this stays linear.
      if (list) {
        if (list[list.length - 1] !== element) list.push(element);
      } else ids.set(value, [element]);
    }
    if (element.localName === 'Signature' && element.namespaceURI === XMLDSIG_NS && signatures.length <= SIGNATURE_LIMITS.maxSignatures) {
      signatures.push(element);
    }
    // Children pushed last-first so elements are visited in document order.
    for (let child = element.lastChild; child; child = child.previousSibling) {
      if (isElement(child)) stack.push(child);
    }
  }
  return { ids, signatures };
}

interface KeyCandidate {
  /** Identity for the per-call import cache. */
  readonly id: string;
  readonly source: 'trusted' | 'keyinfo';
  readonly kind: 'RSA' | 'EC' | 'other';
  readonly curve: string | undefined;
  readonly spki?: Uint8Array<ArrayBuffer>;
  readonly jwk?: JsonWebKey;
  /** SHA-256 fingerprint of the certificate, when the key came in one. */
  readonly fingerprint: string | undefined;
}

async function trustedKeys(options: VerifyXmlSignaturesOptions, cache: CertificateCache, problems: Problem[]): Promise<KeyCandidate[]> {
  const keys: KeyCandidate[] = [];
  const certificates = options.trustedCertificates ?? [];
  const publicKeys = options.trustedPublicKeys ?? [];
  if (certificates.length + publicKeys.length > SIGNATURE_LIMITS.maxTrustedKeys) {
    problems.push(problem('trusted-keys-too-many', 'warning', `Only the first ${String(SIGNATURE_LIMITS.maxTrustedKeys)} trusted certificates and keys were used.`));
  }
  for (const [n, der] of certificates.slice(0, SIGNATURE_LIMITS.maxTrustedKeys).entries()) {
    // Keyed by base64 so a KeyInfo copy of a trusted certificate is parsed once.
    const parsed = await cache.get(base64OfTrusted(der));
    if (!parsed.ok) {
      problems.push(problem('trusted-certificate-invalid', 'error', `Trusted certificate ${String(n + 1)} cannot be used: ${parsed.problems.map((p) => p.message).join(' ')}`));
      continue;
    }
    keys.push({
      id: `cert:${parsed.info.sha256Fingerprint}`,
      source: 'trusted',
      kind: parsed.info.keyAlgorithm,
      curve: parsed.info.curve,
      spki: parsed.spki,
      fingerprint: parsed.info.sha256Fingerprint,
    });
  }
  for (const [n, der] of publicKeys.slice(0, Math.max(0, SIGNATURE_LIMITS.maxTrustedKeys - certificates.length)).entries()) {
    const description = describePublicKeyDer(der);
    if (!description) {
      problems.push(problem('trusted-key-invalid', 'error', `Trusted public key ${String(n + 1)} is not a SubjectPublicKeyInfo.`));
      continue;
    }
    keys.push({ id: `spki:${String(n)}`, source: 'trusted', kind: description.algorithm, curve: description.curve, spki: new Uint8Array(der), fingerprint: undefined });
  }
  return keys;
}

/**
 * The base64 of each trusted certificate, per array: the same few arrays (the metadata's
 * certificates) come with every diagnosis, and re-encoding them each time showed in profiles.
 * The values are strings, so entries do not keep their keys alive.
 */
const TRUSTED_BASE64 = new WeakMap<Uint8Array, string>();

function base64OfTrusted(der: Uint8Array): string {
  let text = TRUSTED_BASE64.get(der);
  if (text === undefined) {
    text = bytesToBase64(der);
    TRUSTED_BASE64.set(der, text);
  }
  return text;
}

/** Parses each distinct KeyInfo certificate once per verification call (Response and Assertion usually share one). */
class CertificateCache {
  private readonly parsed = new Map<string, Promise<CertificateParse>>();

  get(text: string): Promise<CertificateParse> {
    const key = withoutWhitespace(text);
    let pending = this.parsed.get(key);
    if (!pending) {
      pending = parseCertificate(text);
      this.parsed.set(key, pending);
    }
    return pending;
  }
}

/** Imports each key once per algorithm within one verification call. */
class KeyCache {
  private readonly imported = new Map<string, Promise<CryptoKey | undefined>>();

  get(candidate: KeyCandidate, algorithm: SignatureAlgorithm): Promise<CryptoKey | undefined> {
    const cacheKey = `${candidate.id}|${algorithm.key}|${algorithm.hash}`;
    let pending = this.imported.get(cacheKey);
    if (!pending) {
      pending = importKey(candidate, algorithm);
      this.imported.set(cacheKey, pending);
    }
    return pending;
  }
}

async function importKey(candidate: KeyCandidate, algorithm: SignatureAlgorithm): Promise<CryptoKey | undefined> {
  // SPKI imports are kept across calls (the same IdP key signs every message); see importVerifyKey.
  if (candidate.spki) {
    return importVerifyKey(candidate.spki, algorithm.key === 'RSA' ? { name: 'RSASSA-PKCS1-v1_5', hash: algorithm.hash } : { name: 'ECDSA', namedCurve: candidate.curve ?? '' });
  }
  const parameters: RsaHashedImportParams | EcKeyImportParams =
    algorithm.key === 'RSA' ? { name: 'RSASSA-PKCS1-v1_5', hash: algorithm.hash } : { name: 'ECDSA', namedCurve: candidate.curve ?? '' };
  try {
    if (candidate.jwk) return await crypto.subtle.importKey('jwk', candidate.jwk, parameters, false, ['verify']);
  } catch {
    // WebCrypto refuses the key (unsupported curve, malformed modulus): it cannot verify anything.
  }
  return undefined;
}

const EC_FIELD_BYTES: Readonly<Record<string, number>> = { 'P-256': 32, 'P-384': 48, 'P-521': 66 };

async function verifyWith(
  candidate: KeyCandidate,
  algorithm: SignatureAlgorithm,
  keys: KeyCache,
  signed: Uint8Array<ArrayBuffer>,
  signature: Uint8Array<ArrayBuffer>,
  notes: Set<string>,
): Promise<boolean> {
  if (candidate.kind !== algorithm.key) return false;
  const key = await keys.get(candidate, algorithm);
  if (!key) return false;
  try {
    if (algorithm.key === 'RSA') return await crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, signature, signed);
    const field = EC_FIELD_BYTES[candidate.curve ?? ''];
    if (field === undefined) return false;
    let raw: Uint8Array<ArrayBuffer> | undefined = signature;
    if (signature.length !== field * 2) {
      // XML-DSig wants r||s (RFC 6931 §3.3.1); some signers emit the DER form X.509 uses.
      raw = ecdsaSignatureToRaw(signature, field);
      if (!raw) return false;
      notes.add('ecdsa-der');
    }
    return await crypto.subtle.verify({ name: 'ECDSA', hash: algorithm.hash }, key, raw, signed);
  } catch {
    return false;
  }
}

interface SignatureParts {
  readonly signedInfo: Element | undefined;
  readonly signatureValue: Element | undefined;
  readonly keyInfo: Element | undefined;
}

function dsChildren(element: Element, localName: string): Element[] {
  const found: Element[] = [];
  for (let child = element.firstChild; child; child = child.nextSibling) {
    if (isElement(child) && child.localName === localName && child.namespaceURI === XMLDSIG_NS) found.push(child);
  }
  return found;
}

/** Text content without comments: a comment inside DigestValue must not change the value read. */
function ownText(element: Element): string {
  const parts: string[] = [];
  for (let child = element.firstChild; child; child = child.nextSibling) {
    if (isText(child)) parts.push(child.data);
  }
  return parts.join('');
}

function signatureValueText(signature: Element): string | undefined {
  const values = dsChildren(signature, 'SignatureValue');
  const first = values[0];
  return first ? withoutWhitespace(ownText(first)) : undefined;
}

/** Base64 from XML text nodes; most have no line breaks, and then no copy is made. */
function withoutWhitespace(text: string): string {
  return /\s/.test(text) ? text.replace(/\s+/g, '') : text;
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> | undefined {
  // The one-pass decoder takes the usual line-wrapped base64; anything else is checked the slow way.
  const clean = decodeCleanBase64(text);
  if (clean !== undefined) return clean.bytes.length === 0 ? undefined : clean.bytes;
  const compact = text.replace(/\s+/g, '');
  if (compact === '' || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
  return new Uint8Array(base64ToBytes(compact));
}

function algorithmOf(element: Element | undefined): string | undefined {
  const value = element?.getAttribute('Algorithm');
  return value === null || value === undefined || value === '' ? undefined : value;
}

function inclusivePrefixesOf(element: Element): string[] {
  for (let child = element.firstChild; child; child = child.nextSibling) {
    if (isElement(child) && child.localName === 'InclusiveNamespaces' && child.namespaceURI === EXC_C14N_NS) {
      return (child.getAttribute('PrefixList') ?? '').split(/\s+/).filter((p) => p !== '');
    }
  }
  return [];
}

interface ReferenceResult {
  readonly check: ReferenceCheck;
  readonly element: Element | undefined;
  /** The reference could not be checked because an algorithm is unknown. */
  readonly unsupported: boolean;
}

type Resolution = { readonly node: Element | Document; readonly element: Element; readonly withComments: boolean } | { readonly problem: Problem };

function resolveReference(uri: string | undefined, document: Document, index: DocumentIndex): Resolution {
  if (uri === undefined) {
    return { problem: problem('signature-reference-unresolved', 'error', 'A Reference has no URI attribute; SAML requires a same-document reference (SAML core §5.4.2).') };
  }
  const root = document.documentElement;
  // XMLDSig §4.4.3.3: URI="" and "#id" drop comments; the XPointer forms keep them.
  if (uri === '' || uri === '#xpointer(/)') {
    if (!root) return { problem: problem('signature-reference-unresolved', 'error', 'The document has no root element.') };
    return { node: document, element: root, withComments: uri !== '' };
  }
  let id: string | undefined;
  let withComments = false;
  const xpointer = /^#xpointer\(id\((['"])(.*)\1\)\)$/.exec(uri);
  if (xpointer) {
    id = xpointer[2];
    withComments = true;
  } else if (uri.startsWith('#')) {
    id = uri.slice(1);
  }
  if (id === undefined || id === '') {
    return {
      problem: problem('signature-reference-unresolved', 'error', `The Reference URI ${JSON.stringify(uri)} is not a same-document reference ("" or "#id"); it cannot be resolved.`),
    };
  }
  const matches = index.ids.get(id) ?? [];
  const only = matches[0];
  if (matches.length > 1) {
    return {
      problem: problem(
        'duplicate-id',
        'error',
        `The Reference points to ID "${id}", which ${String(matches.length)} elements carry (${describePaths(matches)}): it was not resolved. This is the shape of a signature-wrapping attack.`,
      ),
    };
  }
  if (!only) return { problem: problem('signature-reference-unresolved', 'error', `No element has the ID "${id}" the Reference points to.`) };
  return { node: only, element: only, withComments };
}

async function checkReference(
  reference: Element,
  signature: Element,
  document: Document,
  index: DocumentIndex,
  problems: Problem[],
): Promise<ReferenceResult> {
  const uriAttribute = reference.getAttributeNode('URI');
  const uri = uriAttribute?.value;
  const transformElements = dsChildren(reference, 'Transforms').flatMap((t) => dsChildren(t, 'Transform'));
  const transforms = transformElements.map((t) => algorithmOf(t) ?? '');
  const digestMethodElements = dsChildren(reference, 'DigestMethod');
  const digestMethod = algorithmOf(digestMethodElements[0]);
  const digestValueElements = dsChildren(reference, 'DigestValue');
  const base = { uri, transforms, digestMethod };
  const fail = (p: Problem | undefined, elementPathValue?: string, element?: Element, unsupported = false): ReferenceResult => {
    if (p) problems.push(p);
    return { check: { ...base, elementPath: elementPathValue, digestValid: false }, element, unsupported };
  };

  const resolution = resolveReference(uri, document, index);
  if ('problem' in resolution) return fail(resolution.problem);
  const path = elementPath(resolution.element);

  if (transforms.length > SIGNATURE_LIMITS.maxTransforms) {
    return fail(
      problem('signature-too-many-transforms', 'error', `A Reference lists ${String(transforms.length)} transforms; SAML signatures use at most ${String(SIGNATURE_LIMITS.maxTransforms)} (enveloped-signature and one canonicalization), and extra ones are a known attack surface.`),
      path,
      resolution.element,
    );
  }
  let enveloped = false;
  let method: C14nMethod | undefined;
  let inclusivePrefixes: string[] = [];
  for (const [n, transform] of transformElements.entries()) {
    const algorithm = transforms[n] ?? '';
    if (algorithm === ENVELOPED_SIGNATURE) {
      enveloped = true;
      continue;
    }
    const c14n = c14nMethodFromUri(algorithm);
    if (!c14n || method) {
      return fail(
        problem('signature-transform-unsupported', 'error', c14n ? 'A Reference applies two canonicalizations; that chain is not supported.' : `The transform ${JSON.stringify(algorithm)} is not supported (SAML allows enveloped-signature and canonicalization only).`),
        path,
        resolution.element,
      );
    }
    method = c14n;
    inclusivePrefixes = c14n.flavour === 'exclusive' ? inclusivePrefixesOf(transform) : [];
  }
  // XMLDSig §4.4.3.2: a node-set left over after the transforms is canonicalized with C14N 1.0.
  method ??= { flavour: 'inclusive-1.0', withComments: false };

  if (digestMethodElements.length !== 1 || digestValueElements.length !== 1) {
    return fail(problem('signature-malformed', 'error', 'A Reference must have exactly one DigestMethod and one DigestValue.'), path, resolution.element);
  }
  const digest = digestMethod === undefined ? undefined : DIGEST_ALGORITHMS.get(digestMethod);
  if (!digest) {
    return fail(problem('signature-digest-unsupported', 'error', `The digest algorithm ${JSON.stringify(digestMethod ?? '')} is not supported.`), path, resolution.element, true);
  }
  if (digest.nonStandard !== undefined) {
    problems.push(
      problem('signature-nonstandard-algorithm', 'warning', `The digest algorithm URI ${digestMethod ?? ''} is non-standard (the standard name is ${digest.nonStandard}); it was accepted, but strict verifiers refuse it.`),
    );
  }
  const expected = decodeBase64(ownText(digestValueElements[0] as Element)); // -- length checked to be 1 above
  if (!expected) {
    return fail(problem('signature-malformed', 'error', 'A DigestValue is not valid base64.'), path, resolution.element);
  }

  const canonical = canonicalize(resolution.node, {
    method: { flavour: method.flavour, withComments: method.withComments && resolution.withComments },
    exclude: enveloped ? signature : undefined,
    inclusivePrefixes,
  });
  const actual = new Uint8Array(await digestText(digest.hash, canonical));
  const digestValid = bytesEqual(actual, expected);
  if (!digestValid) {
    problems.push(
      problem('signature-digest-mismatch', 'error', `The digest of ${path} does not match its DigestValue: the signed content was changed after signing (or canonicalized differently).`),
    );
  }
  return { check: { ...base, elementPath: path, digestValid }, element: resolution.element, unsupported: false };
}

interface CheckContext {
  readonly document: Document;
  readonly index: DocumentIndex;
  readonly trusted: readonly KeyCandidate[];
  readonly keys: KeyCache;
  readonly certificates: CertificateCache;
  readonly signatureValues: ReadonlyMap<string, number>;
}

async function checkSignature(signature: Element, context: CheckContext): Promise<SignatureCheck> {
  const { document, index, trusted, keys, signatureValues } = context;
  const problems: Problem[] = [];
  const malformedProblem = (message: string) => {
    problems.push(problem('signature-malformed', 'error', message));
  };

  const signedInfos = dsChildren(signature, 'SignedInfo');
  const signatureValueElements = dsChildren(signature, 'SignatureValue');
  const keyInfos = dsChildren(signature, 'KeyInfo');
  if (signedInfos.length === 0) malformedProblem('The Signature has no SignedInfo child.');
  if (signedInfos.length > 1) malformedProblem(`The Signature has ${String(signedInfos.length)} SignedInfo children; exactly one is allowed, and several are a signature-wrapping trick.`);
  if (signatureValueElements.length === 0) malformedProblem('The Signature has no SignatureValue child.');
  if (signatureValueElements.length > 1) malformedProblem(`The Signature has ${String(signatureValueElements.length)} SignatureValue children; exactly one is allowed.`);
  const parts: SignatureParts = {
    signedInfo: signedInfos.length === 1 ? signedInfos[0] : undefined,
    signatureValue: signatureValueElements.length === 1 ? signatureValueElements[0] : undefined,
    keyInfo: keyInfos[0],
  };
  const valueText = signatureValueText(signature);
  if (valueText !== undefined && (signatureValues.get(valueText) ?? 0) > 1) {
    malformedProblem('Another Signature element in the document has the same SignatureValue: a copied signature, the mark of a signature-wrapping attempt.');
  }

  const signedInfo = parts.signedInfo;
  const c14nElements = signedInfo ? dsChildren(signedInfo, 'CanonicalizationMethod') : [];
  const methodElements = signedInfo ? dsChildren(signedInfo, 'SignatureMethod') : [];
  const canonicalizationMethod = algorithmOf(c14nElements[0]);
  const signatureMethod = algorithmOf(methodElements[0]);
  if (signedInfo && (c14nElements.length !== 1 || canonicalizationMethod === undefined)) malformedProblem('SignedInfo must have exactly one CanonicalizationMethod with an Algorithm.');
  if (signedInfo && (methodElements.length !== 1 || signatureMethod === undefined)) malformedProblem('SignedInfo must have exactly one SignatureMethod with an Algorithm.');

  let unsupported = false;
  const c14n = canonicalizationMethod === undefined ? undefined : c14nMethodFromUri(canonicalizationMethod);
  if (canonicalizationMethod !== undefined && !c14n) {
    unsupported = true;
    problems.push(problem('signature-c14n-unsupported', 'error', `The canonicalization method ${canonicalizationMethod} is not supported.`));
  }
  const algorithm = signatureMethod === undefined ? undefined : SIGNATURE_ALGORITHMS.get(signatureMethod);
  if (signatureMethod !== undefined && !algorithm) {
    unsupported = true;
    problems.push(problem('signature-algorithm-unsupported', 'error', `The signature algorithm ${signatureMethod} is not supported.`));
  }
  if (algorithm?.nonStandard !== undefined) {
    problems.push(
      problem('signature-nonstandard-algorithm', 'warning', `The signature algorithm URI ${signatureMethod ?? ''} is non-standard (the standard name is ${algorithm.nonStandard}); it was accepted, but strict verifiers refuse it.`),
    );
  }

  // References.
  const referenceElements = signedInfo ? dsChildren(signedInfo, 'Reference') : [];
  if (signedInfo && referenceElements.length === 0) malformedProblem('SignedInfo has no Reference: the signature covers nothing.');
  if (referenceElements.length > SIGNATURE_LIMITS.maxReferences) {
    malformedProblem(`SignedInfo has ${String(referenceElements.length)} References; only ${String(SIGNATURE_LIMITS.maxReferences)} are checked, and SAML uses one.`);
  }
  // The References' digests and the SignatureValue are independent (XMLDSig §3.2.1 and §3.2.2):
  // both run at once, so their WebCrypto round trips overlap. Problems keep their order:
  // References, then KeyInfo, then SignatureValue.
  const referencesChecked = (async () => {
    const results: ReferenceResult[] = [];
    for (const reference of referenceElements.slice(0, SIGNATURE_LIMITS.maxReferences)) {
      results.push(await checkReference(reference, signature, document, index, problems));
    }
    return results;
  })();

  // Keys carried in the signature.
  const keyInfoCertificates: CertificateInfo[] = [];
  const keyInfoKeys: KeyCandidate[] = [];
  const keyInfoProblems: Problem[] = [];
  const keyInfoRead = parts.keyInfo ? readKeyInfo(parts.keyInfo, context.certificates, { certificates: keyInfoCertificates, keys: keyInfoKeys, problems: keyInfoProblems }) : undefined;

  // SignatureValue over the canonical SignedInfo.
  const notes = new Set<string>();
  const signatureBytes = parts.signatureValue ? decodeBase64(ownText(parts.signatureValue)) : undefined;
  const valueVerified = (async (): Promise<{ readonly by: 'trusted' | 'keyinfo'; readonly with: string | undefined } | undefined> => {
    if (!signedInfo || !c14n || !algorithm || !signatureBytes) {
      await keyInfoRead;
      return undefined;
    }
    const canonical = canonicalize(signedInfo, { method: c14n, inclusivePrefixes: c14n.flavour === 'exclusive' ? inclusivePrefixesOf(c14nElements[0] as Element) : [] }); // -- c14n defined implies one CanonicalizationMethod
    const lent = lendEncodedText(canonical);
    const signed = lent.bytes;
    try {
      for (const candidate of trusted) {
        if (await verifyWith(candidate, algorithm, keys, signed, signatureBytes, notes)) {
          await keyInfoRead;
          return { by: 'trusted', with: candidate.fingerprint };
        }
      }
      await keyInfoRead;
      const trustedIds = new Set(trusted.map((t) => t.id));
      for (const candidate of keyInfoKeys) {
        if (trustedIds.has(candidate.id)) continue;
        if (await verifyWith(candidate, algorithm, keys, signed, signatureBytes, notes)) return { by: 'keyinfo', with: candidate.fingerprint };
      }
      return undefined;
    } finally {
      lent.release();
    }
  })();
  const [references, verification] = await Promise.all([referencesChecked, valueVerified]);
  const referenceUnsupported = references.some((r) => r.unsupported);
  const digestsValid = references.length > 0 && references.every((r) => r.check.digestValid);
  problems.push(...keyInfoProblems);
  if (parts.signatureValue && !signatureBytes) malformedProblem('The SignatureValue is not valid base64.');
  const verifiedBy = verification?.by;
  const verifiedWith = verification?.with;
  if (notes.has('ecdsa-der')) {
    problems.push(problem('signature-ecdsa-der', 'warning', 'The ECDSA SignatureValue is DER-encoded; XML-DSig requires the raw r||s form (RFC 6931 §3.3.1). It was converted, but strict verifiers refuse it.'));
  }

  const hasKeys = trusted.length > 0 || keyInfoKeys.length > 0;
  const wrongCertificate = trusted.length > 0 && verifiedBy === 'keyinfo';
  const malformed = problems.some((p) => p.code === 'signature-malformed');
  let outcome: SignatureOutcome;
  if (malformed || references.some((r) => !r.check.digestValid && !r.unsupported)) {
    outcome = 'invalid';
  } else if (unsupported || referenceUnsupported) {
    outcome = 'unsupported';
  } else if (verifiedBy === 'trusted') {
    outcome = 'valid';
  } else if (verifiedBy === 'keyinfo') {
    outcome = trusted.length > 0 ? 'invalid' : 'valid-keyinfo-only';
  } else if (!hasKeys) {
    outcome = 'unverifiable';
    problems.push(problem('signature-no-key', 'warning', 'No key is available to check this signature: KeyInfo carries no usable certificate and no trusted certificate was given.'));
  } else {
    outcome = 'invalid';
  }
  if (wrongCertificate) {
    problems.push(
      problem('signature-wrong-certificate', 'error', 'The signature verifies with the certificate in its own KeyInfo but with none of the trusted certificates: it was signed by a different key than the one the relying party trusts.'),
    );
  } else if (!verifiedBy && hasKeys && signedInfo && c14n && algorithm && signatureBytes) {
    problems.push(
      problem('signature-value-mismatch', 'error', trusted.length > 0 ? 'The SignatureValue does not verify with any trusted certificate nor with the KeyInfo certificate.' : 'The SignatureValue does not verify with the KeyInfo certificate.'),
    );
  }

  const signedElements = references.map((r) => r.element).filter((e): e is Element => e !== undefined);
  const signedElement = references.length === 1 ? references[0]?.element : undefined;
  const parent = signature.parentNode;
  const result: { -readonly [K in keyof SignatureCheck]: SignatureCheck[K] } = {
    signedElement,
    signedElementPath: signedElement ? elementPath(signedElement) : undefined,
    signedElementName: signedElement?.localName ?? undefined,
    parentPath: isElement(parent) ? elementPath(parent) : '/',
    referenceUris: references.map((r) => r.check.uri ?? ''),
    referenceMatchesParent: signedElement !== undefined && signedElement === parent,
    canonicalizationMethod,
    signatureMethod,
    digestMethods: references.map((r) => r.check.digestMethod).filter((d): d is string => d !== undefined),
    transforms: references.flatMap((r) => r.check.transforms),
    digestsValid,
    outcome,
    verifiedWith: outcome === 'valid' || outcome === 'valid-keyinfo-only' ? verifiedWith : undefined,
    keyInfoCertificates,
    wrongCertificate,
    problems,
    signedElements,
    references: references.map((r) => r.check),
  };
  if (verifiedBy) result.signatureValueVerifiedBy = verifiedBy;
  return result;
}

async function readKeyInfo(
  keyInfo: Element,
  cache: CertificateCache,
  into: { readonly certificates: CertificateInfo[]; readonly keys: KeyCandidate[]; readonly problems: Problem[] },
): Promise<void> {
  const { certificates, keys, problems } = into;
  const certificateElements = dsChildren(keyInfo, 'X509Data').flatMap((data) => dsChildren(data, 'X509Certificate'));
  if (certificateElements.length > SIGNATURE_LIMITS.maxKeyInfoCertificates) {
    problems.push(problem('signature-keyinfo-too-many', 'warning', `KeyInfo carries ${String(certificateElements.length)} certificates; only the first ${String(SIGNATURE_LIMITS.maxKeyInfoCertificates)} were read.`));
  }
  for (const [n, element] of certificateElements.slice(0, SIGNATURE_LIMITS.maxKeyInfoCertificates).entries()) {
    const parsed = await cache.get(ownText(element));
    for (const p of parsed.problems) {
      problems.push(problem(p.code, p.severity, `KeyInfo certificate ${String(n + 1)}: ${p.message}`));
    }
    if (!parsed.ok) continue;
    certificates.push(parsed.info);
    keys.push({
      id: `cert:${parsed.info.sha256Fingerprint}`,
      source: 'keyinfo',
      kind: parsed.info.keyAlgorithm,
      curve: parsed.info.curve,
      spki: parsed.spki,
      fingerprint: parsed.info.sha256Fingerprint,
    });
  }
  // KeyValue/RSAKeyValue (XMLDSig §4.5.2.2): a bare key, as some IdPs send instead of a certificate.
  for (const value of dsChildren(keyInfo, 'KeyValue').flatMap((v) => dsChildren(v, 'RSAKeyValue')).slice(0, SIGNATURE_LIMITS.maxKeyInfoCertificates)) {
    const modulus = dsChildren(value, 'Modulus')[0];
    const exponent = dsChildren(value, 'Exponent')[0];
    const n = modulus ? base64Url(ownText(modulus)) : undefined;
    const e = exponent ? base64Url(ownText(exponent)) : undefined;
    if (n === undefined || e === undefined) {
      problems.push(problem('signature-keyvalue-invalid', 'warning', 'KeyInfo has an RSAKeyValue without a usable base64 Modulus and Exponent.'));
      continue;
    }
    keys.push({ id: `jwk:${n}:${e}`, source: 'keyinfo', kind: 'RSA', curve: undefined, jwk: { kty: 'RSA', n, e }, fingerprint: undefined });
  }
}

function base64Url(text: string): string | undefined {
  const bytes = decodeBase64(text);
  if (!bytes) return undefined;
  let start = 0;
  // JWK integers are unsigned big-endian without leading zero bytes (RFC 7518 §6.3.1).
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  let binary = '';
  for (const b of bytes.subarray(start)) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function failedCheck(signature: Element, p: Problem): SignatureCheck {
  const parent: Node | null = signature.parentNode;
  return {
    signedElement: undefined,
    signedElementPath: undefined,
    signedElementName: undefined,
    parentPath: isElement(parent) ? elementPath(parent) : '/',
    referenceUris: [],
    referenceMatchesParent: false,
    canonicalizationMethod: undefined,
    signatureMethod: undefined,
    digestMethods: [],
    transforms: [],
    digestsValid: false,
    outcome: 'invalid',
    verifiedWith: undefined,
    keyInfoCertificates: [],
    wrongCertificate: false,
    problems: [p],
  };
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** At most a few paths: a flood of twins must not make the message (or the work) quadratic. */
function describePaths(elements: readonly Element[]): string {
  const shown = elements.slice(0, 5).map(elementPath).join(', ');
  return elements.length > 5 ? `${shown} and ${String(elements.length - 5)} more` : shown;
}

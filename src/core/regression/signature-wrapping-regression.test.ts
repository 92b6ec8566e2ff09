/**
 * CWE-347: Improper Verification of Cryptographic Signature — XML signature wrapping (XSW).
 *
 * The XSW1–XSW8 family (Somorovsky et al., "On Breaking SAML: Be Whoever You Want to Be", USENIX
 * Security 2012; the shapes SAML Raider generates), each built from a response the test builders
 * really signed, moved around with a DOM so the signature itself stays cryptographically valid.
 * The attacker's identity (NameID, RoleSessionName, Role) sits where a naive reader looks; the
 * untouched signed copy sits where the Reference points. Every case must end in the
 * `saml-signature-wrapping` finding (or an invalid-signature finding), never in a healthy verdict,
 * and must finish in bounded time. The wrapping shapes published in the shared corpus (crewjam,
 * ruby-saml, xml-crypto, node-saml fixtures) are replayed with their trusted certificate too.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DOMParser, XMLSerializer, type Document, type Element } from '@xmldom/xmldom';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_DEFAULTS, buildSalesforceResponse, encodePost, flowWithSamlPost, sharedTestIdp, testContext, type TestIdp } from '../../testing/saml-builder.ts';
import { metadataFor } from '../../testing/scenario-harness.ts';
import { analyzeSamlValue } from '../analysis/analyze-saml-value.ts';
import { diagnoseFlow } from '../diagnosis/diagnose.ts';
import type { DiagnosisContext } from '../diagnosis/diagnosis-context.ts';
import type { Diagnosis } from '../diagnosis/diagnosis.ts';
import { flowFromSamlValue } from '../flow/flow-from-har.ts';

const DS = 'http://www.w3.org/2000/09/xmldsig#';
const SAML = 'urn:oasis:names:tc:SAML:2.0:assertion';
const SAMLP = 'urn:oasis:names:tc:SAML:2.0:protocol';

const EVIL = {
  nameId: '005EVIL0000000000A',
  roleSessionName: `mallory@005EVIL0000000000A@${TEST_DEFAULTS.orgId}`,
  role: 'arn:aws:iam::666666666666:role/Administrator,arn:aws:iam::666666666666:saml-provider/Evil',
} as const;

/** Each case's wall time; generous (2 shared cores), it only catches a hang or a blow-up. */
const CASE_BUDGET_MS = 10_000;

let idp: TestIdp;
let context: DiagnosisContext;

beforeAll(async () => {
  idp = await sharedTestIdp();
  context = testContext({ metadata: await metadataFor(idp) });
});

// ---------------------------------------------------------------------------------------------
// DOM surgery on a signed response

function parse(xml: string): Document {
  return new DOMParser().parseFromString(xml, 'text/xml');
}

function serialize(document: Document): string {
  return new XMLSerializer().serializeToString(document);
}

function root(document: Document): Element {
  const element = document.documentElement;
  if (!element) throw new Error('no root element');
  return element;
}

function childNamed(parent: Element, namespace: string, localName: string): Element | undefined {
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 1) {
      const element = node as Element; // -- reason: nodeType 1 is an element
      if (element.namespaceURI === namespace && element.localName === localName) return element;
    }
  }
  return undefined;
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`test setup: no ${what}`);
  return value;
}

function signedAssertion(document: Document): Element {
  return required(childNamed(root(document), SAML, 'Assertion'), 'Assertion');
}

function deepClone(element: Element): Element {
  return element.cloneNode(true) as Element; // -- reason: cloning an element yields an element
}

/** Replaces the identity (NameID, RoleSessionName, Role) inside an assertion with the attacker's. */
function makeEvil(assertion: Element): void {
  const nameId = assertion.getElementsByTagNameNS(SAML, 'NameID')[0];
  if (nameId) nameId.textContent = EVIL.nameId;
  const attributes = assertion.getElementsByTagNameNS(SAML, 'Attribute');
  for (let i = 0; i < attributes.length; i++) {
    const attribute = attributes[i];
    const value = attribute?.getElementsByTagNameNS(SAML, 'AttributeValue')[0];
    if (!attribute || !value) continue;
    if (attribute.getAttribute('Name') === 'https://aws.amazon.com/SAML/Attributes/RoleSessionName') value.textContent = EVIL.roleSessionName;
    if (attribute.getAttribute('Name') === 'https://aws.amazon.com/SAML/Attributes/Role') value.textContent = EVIL.role;
  }
}

/** An unsigned copy of the signed assertion carrying the attacker's identity. */
function evilAssertionFrom(original: Element, id: string): Element {
  const evil = deepClone(original);
  const signature = childNamed(evil, DS, 'Signature');
  if (signature) evil.removeChild(signature);
  evil.setAttribute('ID', id);
  makeEvil(evil);
  return evil;
}

function insertAfterIssuer(parent: Element, child: Element): void {
  const issuer = required(childNamed(parent, SAML, 'Issuer'), 'Issuer');
  parent.insertBefore(child, issuer.nextSibling);
}

function dsObject(document: Document, content: Element): Element {
  const object = document.createElementNS(DS, 'ds:Object');
  object.appendChild(content);
  return object;
}

interface WrappingCase {
  readonly name: string;
  /** What the attack does, in the words of the XSW literature. */
  readonly shape: string;
  /** Which signatures the starting response carries (the one the variant attacks, or both). */
  readonly sign: 'response' | 'assertion' | 'both';
  readonly wrap: (document: Document) => void;
}

/** XSW1/XSW2 need the Response signature; they move it into a forged Response. */
function forgeResponseAround(document: Document, placeOriginal: (forgedSignature: Element, forged: Element, original: Element) => void): void {
  const original = root(document);
  const signature = required(childNamed(original, DS, 'Signature'), 'Response Signature');
  const forged = deepClone(original);
  const forgedSignature = required(childNamed(forged, DS, 'Signature'), 'forged Signature');
  forged.setAttribute('ID', `${required(original.getAttribute('ID') ?? undefined, 'Response ID')}-evil`);
  const assertion = signedAssertion(document);
  forged.replaceChild(evilAssertionFrom(assertion, `${required(assertion.getAttribute('ID') ?? undefined, 'Assertion ID')}-evil`), required(childNamed(forged, SAML, 'Assertion'), 'forged Assertion'));
  original.removeChild(signature);
  document.replaceChild(forged, original);
  placeOriginal(forgedSignature, forged, original);
}

const CASES: readonly WrappingCase[] = [
  {
    name: 'XSW1',
    shape: 'a forged unsigned Response wraps the original signed Response inside the Signature (ds:Object)',
    sign: 'response',
    wrap: (document) => {
      forgeResponseAround(document, (signature, _forged, original) => signature.appendChild(dsObject(document, original)));
    },
  },
  {
    name: 'XSW2',
    shape: 'a forged unsigned Response carries the original signed Response as a detached sibling before the Signature',
    sign: 'response',
    wrap: (document) => {
      forgeResponseAround(document, (signature, forged, original) => forged.insertBefore(original, signature));
    },
  },
  {
    name: 'XSW3',
    shape: 'an evil unsigned Assertion is inserted before the signed Assertion',
    sign: 'assertion',
    wrap: (document) => {
      const assertion = signedAssertion(document);
      root(document).insertBefore(evilAssertionFrom(assertion, `${assertion.getAttribute('ID') ?? ''}-evil`), assertion);
    },
  },
  {
    name: 'XSW4',
    shape: 'the signed Assertion is wrapped inside an evil unsigned Assertion that takes its place',
    sign: 'assertion',
    wrap: (document) => {
      const assertion = signedAssertion(document);
      const evil = evilAssertionFrom(assertion, `${assertion.getAttribute('ID') ?? ''}-evil`);
      root(document).replaceChild(evil, assertion);
      evil.appendChild(assertion);
    },
  },
  {
    name: 'XSW5',
    shape: 'the signed Assertion is altered in place (keeping its Signature) and an unsigned copy of the original is appended to the Response',
    sign: 'assertion',
    wrap: (document) => {
      const assertion = signedAssertion(document);
      const copy = deepClone(assertion);
      copy.removeChild(required(childNamed(copy, DS, 'Signature'), 'copied Signature'));
      assertion.setAttribute('ID', `${assertion.getAttribute('ID') ?? ''}-evil`);
      makeEvil(assertion);
      root(document).appendChild(copy);
    },
  },
  {
    name: 'XSW6',
    shape: 'the signed Assertion is altered in place and an unsigned copy of the original is put inside its Signature element',
    sign: 'assertion',
    wrap: (document) => {
      const assertion = signedAssertion(document);
      const signature = required(childNamed(assertion, DS, 'Signature'), 'Assertion Signature');
      const copy = deepClone(assertion);
      copy.removeChild(required(childNamed(copy, DS, 'Signature'), 'copied Signature'));
      assertion.setAttribute('ID', `${assertion.getAttribute('ID') ?? ''}-evil`);
      makeEvil(assertion);
      signature.appendChild(copy);
    },
  },
  {
    name: 'XSW7',
    shape: 'an Extensions block holding an evil unsigned Assertion is inserted before the signed Assertion',
    sign: 'assertion',
    wrap: (document) => {
      const assertion = signedAssertion(document);
      const extensions = document.createElementNS(SAMLP, 'samlp:Extensions');
      extensions.appendChild(evilAssertionFrom(assertion, `${assertion.getAttribute('ID') ?? ''}-evil`));
      insertAfterIssuer(root(document), extensions);
    },
  },
  {
    name: 'XSW8',
    shape: 'the signed Assertion is altered in place and an unsigned copy of the original is put in a ds:Object inside its Signature',
    sign: 'assertion',
    wrap: (document) => {
      const assertion = signedAssertion(document);
      const signature = required(childNamed(assertion, DS, 'Signature'), 'Assertion Signature');
      const copy = deepClone(assertion);
      copy.removeChild(required(childNamed(copy, DS, 'Signature'), 'copied Signature'));
      assertion.setAttribute('ID', `${assertion.getAttribute('ID') ?? ''}-evil`);
      makeEvil(assertion);
      signature.appendChild(dsObject(document, copy));
    },
  },
  {
    name: 'XSW7 (Extensions holds the signed original)',
    shape: 'the signed Assertion is moved into an Extensions block; an evil unsigned Assertion takes its place',
    sign: 'assertion',
    wrap: (document) => {
      const assertion = signedAssertion(document);
      const evil = evilAssertionFrom(assertion, `${assertion.getAttribute('ID') ?? ''}-evil`);
      root(document).replaceChild(evil, assertion);
      const extensions = document.createElementNS(SAMLP, 'samlp:Extensions');
      extensions.appendChild(assertion);
      insertAfterIssuer(root(document), extensions);
    },
  },
  {
    name: 'Signature moved to Extensions',
    shape: "the Assertion's Signature is moved into the Response's Extensions and the Assertion is altered",
    sign: 'assertion',
    wrap: (document) => {
      const assertion = signedAssertion(document);
      const signature = required(childNamed(assertion, DS, 'Signature'), 'Assertion Signature');
      assertion.removeChild(signature);
      makeEvil(assertion);
      const extensions = document.createElementNS(SAMLP, 'samlp:Extensions');
      extensions.appendChild(signature);
      insertAfterIssuer(root(document), extensions);
    },
  },
  {
    name: 'Signature copied to Extensions',
    shape: 'a copy of the valid Assertion Signature sits in Extensions, the Assertion itself is replaced by an evil unsigned one',
    sign: 'assertion',
    wrap: (document) => {
      const assertion = signedAssertion(document);
      const extensions = document.createElementNS(SAMLP, 'samlp:Extensions');
      extensions.appendChild(assertion);
      insertAfterIssuer(root(document), extensions);
      root(document).appendChild(evilAssertionFrom(assertion, `${assertion.getAttribute('ID') ?? ''}-evil`));
    },
  },
];

function wrapped(testCase: WrappingCase, sign: WrappingCase['sign']): string {
  const document = parse(buildSalesforceResponse(idp, { sign }));
  testCase.wrap(document);
  return serialize(document);
}

const WRAPPING_OR_INVALID = new Set(['saml-signature-wrapping', 'aws-signature-invalid']);

function expectAttackNamed(diagnosis: Diagnosis): void {
  const ids = diagnosis.findings.map((finding) => finding.id);
  expect(ids).not.toContain('sso-healthy');
  expect(diagnosis.primary.id).not.toBe('sso-healthy');
  expect(ids.some((id) => WRAPPING_OR_INVALID.has(id))).toBe(true);
}

async function timed<T>(work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  expect(performance.now() - started).toBeLessThan(CASE_BUDGET_MS);
  return result;
}

describe('XML signature wrapping (CWE-347), XSW1–XSW8 built from a validly signed response', () => {
  it('starts from a response the pipeline finds healthy, signed by the trusted certificate', async () => {
    for (const sign of ['response', 'assertion', 'both'] as const) {
      const diagnosis = await diagnoseFlow(flowFromSamlValue(encodePost(buildSalesforceResponse(idp, { sign })), context.now), context);
      expect(diagnosis.primary.id).toBe('sso-healthy');
    }
  });

  it('keeps the wrapped signature cryptographically valid in every shape but the moved one, so only the wrapping can be blamed', async () => {
    const stillValid: string[] = [];
    for (const testCase of CASES) {
      const analysis = await analyzeSamlValue(encodePost(wrapped(testCase, testCase.sign)), 'SAMLResponse', { trustedCertificates: [idp.certificateDer] });
      if (analysis.signatures?.signatures.some((check) => check.outcome === 'valid') === true) stillValid.push(testCase.name);
    }
    expect(stillValid).toEqual(CASES.filter((c) => c.name !== 'Signature moved to Extensions').map((c) => c.name));
  });

  for (const testCase of CASES) {
    const modes: readonly WrappingCase['sign'][] = testCase.sign === 'response' ? ['response', 'both'] : ['assertion', 'both'];
    for (const sign of modes) {
      it(`${testCase.name} (${sign} signed): ${testCase.shape} — ends in a wrapping or invalid-signature finding`, async () => {
        const xml = wrapped(testCase, sign);
        expect(xml).toContain(EVIL.roleSessionName);
        const diagnosis = await timed(() => diagnoseFlow(flowFromSamlValue(encodePost(xml), context.now), context));
        expectAttackNamed(diagnosis);
        expect(diagnosis.primary.severity).toBe('error');
      });
    }
  }

  it('names the attack as signature wrapping (not only a bad signature) for every shape that keeps a valid signature', async () => {
    const named: string[] = [];
    for (const testCase of CASES) {
      const diagnosis = await diagnoseFlow(flowFromSamlValue(encodePost(wrapped(testCase, testCase.sign)), context.now), context);
      if (diagnosis.findings.some((finding) => finding.id === 'saml-signature-wrapping')) named.push(testCase.name);
    }
    // The moved Signature no longer verifies, so an invalid-signature finding alone is enough there.
    expect(named).toEqual(expect.arrayContaining(CASES.filter((c) => c.name !== 'Signature moved to Extensions').map((c) => c.name)));
  });

  it('never calls a wrapped response healthy even when the flow went on to reach Amazon Connect', async () => {
    for (const testCase of CASES) {
      const diagnosis = await diagnoseFlow(flowWithSamlPost(wrapped(testCase, testCase.sign)), context);
      expectAttackNamed(diagnosis);
    }
  });

  it('flags the builder’s own wrapping shape (forged assertion before the signed one) without trust anchors too', async () => {
    const bare = testContext();
    const diagnosis = await diagnoseFlow(flowFromSamlValue(encodePost(buildSalesforceResponse(idp, { wrap: true })), bare.now), bare);
    expect(diagnosis.findings.map((finding) => finding.id)).toContain('saml-signature-wrapping');
  });
});

// ---------------------------------------------------------------------------------------------
// The wrapping shapes of the shared corpus, with the certificate their source tests trust

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const corpusDir = [process.env['SSO_DOCTOR_CORPUS'], `${repoRoot}corpus`, `${repoRoot}../shared/corpus`].find(
  (dir): dir is string => dir !== undefined && existsSync(`${dir}/catalog.json`),
);

interface CatalogEntry {
  readonly file: string;
  readonly expected?: string;
  readonly evaluate_at?: string | null;
  readonly signature_valid_with?: string | null;
  readonly signature_partially_valid_with?: string | null;
  readonly certificates?: readonly { readonly sha256: string }[];
}

const catalog: readonly CatalogEntry[] = corpusDir ? (JSON.parse(readFileSync(`${corpusDir}/catalog.json`, 'utf8')) as CatalogEntry[]) : [];
const corpusWrapping = catalog.filter((entry) => entry.expected === 'signature-wrapping');

describe.skipIf(corpusDir === undefined)('signature wrapping shapes from the corpus (CWE-347)', () => {
  it('has the wrapping fixtures the catalog promises', () => {
    expect(corpusWrapping.length).toBeGreaterThanOrEqual(10);
  });

  for (const entry of corpusWrapping) {
    it(`${entry.file}: ends in a wrapping or invalid-signature finding, never healthy`, async () => {
      const anchorFile = entry.signature_valid_with ?? entry.signature_partially_valid_with ?? undefined;
      const anchor = catalog.find((candidate) => candidate.file === anchorFile);
      const now = entry.evaluate_at !== undefined && entry.evaluate_at !== null && /^\d{4}-/.test(entry.evaluate_at) ? entry.evaluate_at : testContext().now;
      const fingerprints = anchor?.certificates?.map((certificate) => certificate.sha256) ?? [];
      const corpusContext = testContext({ now, ...(fingerprints.length > 0 ? { expectedCertificateFingerprints: fingerprints } : {}) });
      const text = readFileSync(`${corpusDir ?? ''}/${entry.file}`, 'utf8');
      const diagnosis = await timed(() => diagnoseFlow(flowFromSamlValue(text, now), corpusContext));
      expectAttackNamed(diagnosis);
    });
  }
});

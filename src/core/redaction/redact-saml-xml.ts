import { XMLSerializer, type Attr, type Element, type Node } from '@xmldom/xmldom';
import { base64ToBytes } from '../binding/decode-saml-value.ts';
import { AWS_ATTRIBUTE } from '../message/saml-message.ts';
import type { Problem } from '../problem.ts';
import { parseXml } from '../xml/parse-xml.ts';
import type { Redactor } from './create-redactor.ts';
import { sha256 } from './sha256.ts';

export type RedactedXml = { readonly ok: true; readonly xml: string } | { readonly ok: false; readonly problems: readonly Problem[] };

/** How the character content of an element is treated. */
type Mode = { readonly kind: 'structure' } | { readonly kind: 'verbatim' } | { readonly kind: 'person'; readonly field: string };

const STRUCTURE: Mode = { kind: 'structure' };
const VERBATIM: Mode = { kind: 'verbatim' };

/**
 * Elements whose content is a credential, a key or ciphertext: emptied (XML-DSig §4, XML-Enc §3).
 * Without SignatureValue and DigestValue the redacted message can no longer be replayed; the
 * original verification outcome travels separately as a RedactionAttestation.
 */
const EMPTIED: Readonly<Record<string, string>> = {
  SignatureValue: 'SignatureValue',
  DigestValue: 'DigestValue',
  X509Certificate: 'X509Certificate body (SHA-256 fingerprint kept)',
  X509CRL: 'X509CRL',
  X509SKI: 'X509SKI',
  Modulus: 'RSA key value',
  Exponent: 'RSA key value',
  CipherValue: 'Encrypted data (CipherValue)',
};

/** Attributes that are vocabulary, not data: URIs of formats and algorithms, names, versions, times. */
const VERBATIM_ATTRIBUTES: ReadonlySet<string> = new Set([
  'Algorithm', 'Format', 'Method', 'NameFormat', 'Name', 'FriendlyName', 'Value', 'Version', 'MajorVersion', 'MinorVersion', 'IssueInstant',
  'NotBefore', 'NotOnOrAfter', 'AuthnInstant', 'SessionNotOnOrAfter', 'type', 'PrefixList', 'Type', 'MimeType', 'Encoding', 'Binding',
  'ProtocolBinding', 'Consent', 'ForceAuthn', 'IsPassive', 'AllowCreate', 'Comparison', 'mustUnderstand', 'actor',
]);

/** Attributes that identify a person or their session. */
const PERSON_ATTRIBUTES: Readonly<Record<string, string>> = {
  SessionIndex: 'SessionIndex',
  Address: 'SubjectLocality address',
  DNSName: 'SubjectLocality DNS name',
  SPProvidedID: 'NameID SPProvidedID',
};

/** Kept structure worth listing in the receipt, by element or attribute local name. */
const KEPT_ELEMENTS: Readonly<Record<string, string>> = {
  Issuer: 'Issuer',
  Audience: 'Audience',
  StatusCode: 'Status code',
  SignatureMethod: 'Signature and digest algorithms',
  DigestMethod: 'Signature and digest algorithms',
  Conditions: 'Assertion validity times',
};
const KEPT_ATTRIBUTES: Readonly<Record<string, string>> = {
  Destination: 'Destination',
  Recipient: 'Recipient',
  Name: 'Attribute names',
  NotOnOrAfter: 'Assertion validity times',
  IssueInstant: 'Assertion validity times',
};

const MAX_NODES = 1_000_000;

/**
 * Redacts a SAML message field by field and serialises it again: still a well-formed SAML
 * message with the same structure (so it re-imports and diagnoses the same), but with people
 * pseudonymized, account ids masked and signature values, digests, certificate bodies and
 * ciphertext emptied. A certificate leaves a comment naming its SHA-256 fingerprint.
 */
export function redactSamlXml(xml: string, redactor: Redactor): RedactedXml {
  const parsed = parseXml(xml);
  if (!parsed.ok) return { ok: false, problems: parsed.problems };
  walk(parsed.root, redactor, false);
  return { ok: true, xml: new XMLSerializer().serializeToString(parsed.document) };
}

/**
 * Registers the identities a SAML message carries (NameID, person attribute values, session
 * indexes) with the redactor, without changing or recording anything: the first pass of a report,
 * so that free text redacted later (finding titles, page excerpts) is scrubbed of them too.
 */
export function learnSamlIdentities(xml: string, redactor: Redactor): void {
  const parsed = parseXml(xml);
  if (parsed.ok) walk(parsed.root, redactor, true);
}

/** Redacts one value of the SAML attribute `name` as the XML redaction does (for summaries). */
export function redactAttributeValue(name: string, value: string, redactor: Redactor): string {
  return redactContent(value, attributeMode(name), redactor);
}

/** True when the values of the SAML attribute `name` are pseudonymized as identities. */
export function isPersonAttribute(name: string): boolean {
  return attributeMode(name).kind === 'person';
}

function walk(root: Element, redactor: Redactor, learnOnly: boolean): void {
  const stack: { node: Node; mode: Mode }[] = [{ node: root, mode: STRUCTURE }];
  let visited = 0;
  while (stack.length > 0 && visited++ < MAX_NODES) {
    const { node, mode } = stack.pop() as { node: Node; mode: Mode }; // -- reason: length checked by the loop condition
    if (isElement(node)) {
      const next = learnOnly ? learnElement(node, mode, redactor) : redactElement(node, mode, redactor);
      if (next === undefined) continue;
      for (let child = node.firstChild; child !== null; child = child.nextSibling) stack.push({ node: child, mode: next });
    } else if (node.nodeType === TEXT_NODE || node.nodeType === CDATA_SECTION_NODE || node.nodeType === COMMENT_NODE) {
      const data = node.nodeValue ?? '';
      if (data.trim() === '') continue;
      if (learnOnly) {
        if (mode.kind === 'person') redactor.learn(data);
        continue;
      }
      const redacted = redactContent(data, mode, redactor);
      if (redacted !== data) node.nodeValue = node.nodeType === COMMENT_NODE ? commentSafe(redacted) : redacted;
    }
  }
}

function learnElement(element: Element, inherited: Mode, redactor: Redactor): Mode | undefined {
  const local = element.localName ?? element.nodeName;
  if (EMPTIED[local] !== undefined) return undefined;
  for (const attr of attributesOf(element)) {
    if (PERSON_ATTRIBUTES[attr.localName ?? attr.name] !== undefined) redactor.learn(attr.value);
  }
  return childMode(element, local, inherited);
}

function childMode(element: Element, local: string, inherited: Mode): Mode {
  if (local === 'NameID' || local === 'BaseID') return { kind: 'person', field: 'NameID' };
  if (local === 'SessionIndex') return { kind: 'person', field: 'SessionIndex' };
  if (local === 'Attribute') return attributeMode(element.getAttribute('Name') ?? '');
  return inherited;
}

/** Redacts an element's attributes; returns the mode for its children, or undefined when they were removed. */
function redactElement(element: Element, inherited: Mode, redactor: Redactor): Mode | undefined {
  const local = element.localName ?? element.nodeName;
  const emptied = EMPTIED[local];
  if (emptied !== undefined) {
    const text = element.textContent ?? '';
    const fingerprint = local === 'X509Certificate' ? certificateFingerprint(text) : undefined;
    while (element.firstChild !== null) element.removeChild(element.firstChild);
    if (text.trim() !== '') redactor.note(emptied, 'removed');
    if (local === 'X509Certificate' && element.ownerDocument !== null) {
      element.appendChild(element.ownerDocument.createComment(` certificate removed by sso-doctor; SHA-256 ${fingerprint ?? 'not readable'} `));
    }
    return undefined;
  }

  for (const attr of attributesOf(element)) redactAttribute(attr, local, redactor);
  const kept = KEPT_ELEMENTS[local];
  if (kept !== undefined) redactor.note(kept, 'kept');

  return childMode(element, local, inherited);
}

function attributeMode(name: string): Mode {
  if (name === AWS_ATTRIBUTE.role || name === AWS_ATTRIBUTE.roleChina) return STRUCTURE;
  if (name === AWS_ATTRIBUTE.sessionDuration) return VERBATIM;
  if (name === AWS_ATTRIBUTE.transitiveTagKeys) return STRUCTURE;
  if (name === AWS_ATTRIBUTE.roleSessionName) return { kind: 'person', field: 'RoleSessionName' };
  if (name === AWS_ATTRIBUTE.sourceIdentity) return { kind: 'person', field: 'SourceIdentity' };
  return { kind: 'person', field: `Attribute value: ${name}` };
}

function redactAttribute(attr: Attr, elementName: string, redactor: Redactor): void {
  const name = attr.localName ?? attr.name;
  if (attr.name === 'xmlns' || attr.name.startsWith('xmlns:')) return;
  const kept = KEPT_ATTRIBUTES[name];
  if (kept !== undefined && (name !== 'Name' || elementName === 'Attribute')) redactor.note(kept, 'kept');
  if (VERBATIM_ATTRIBUTES.has(name)) return;
  const personField = PERSON_ATTRIBUTES[name];
  const value = attr.value;
  const redacted = personField === undefined ? redactor.text(value) : redactor.person(value, personField);
  if (redacted !== value) {
    // xmldom keeps an attribute's text in both fields; the serializer reads `value`.
    attr.value = redacted;
    attr.nodeValue = redacted;
  }
}

function redactContent(data: string, mode: Mode, redactor: Redactor): string {
  if (mode.kind === 'verbatim') return data;
  if (mode.kind === 'person') return redactor.person(data, mode.field);
  return redactor.text(data);
}

/** `AB:CD:...` SHA-256 of the DER, as the consoles print it; undefined when the text is not base64. */
export function certificateFingerprint(base64: string): string | undefined {
  const compact = base64.replace(/\s+/g, '');
  if (compact === '' || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined;
  const bytes = base64ToBytes(compact);
  return [...sha256(bytes)].map((byte) => byte.toString(16).padStart(2, '0').toUpperCase()).join(':');
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;
const COMMENT_NODE = 8;

function isElement(node: Node): node is Element {
  return node.nodeType === ELEMENT_NODE;
}

function attributesOf(element: Element): Attr[] {
  const list: Attr[] = [];
  for (let i = 0; i < element.attributes.length; i++) {
    const attr = element.attributes.item(i);
    if (attr !== null) list.push(attr);
  }
  return list;
}

/** A comment may not contain `--` (XML 1.0 §2.5). */
function commentSafe(text: string): string {
  return text.replace(/--/g, '- -').replace(/-$/, '- ');
}

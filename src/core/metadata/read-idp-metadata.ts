import type { Element } from '@xmldom/xmldom';
import { decodeXmlBytes } from '../binding/decode-xml-bytes.ts';
import type { CertificateInfo } from '../certificate/certificate-info.ts';
import { parseCertificate } from '../certificate/parse-certificate.ts';
import {
  STRICT_MATCHING,
  attributeOf,
  childElements,
  elementChildren,
  firstChildElement,
  isElementNamed,
  type ElementMatching,
} from '../message/child-elements.ts';
import { elementText } from '../message/element-text.ts';
import { problem, type Problem } from '../problem.ts';
import { parseXml } from '../xml/parse-xml.ts';
import { SAML_METADATA_NS, XMLDSIG_NS } from '../xml/saml-namespaces.ts';
import type { IdpMetadata } from './idp-metadata.ts';

/** Far above any real metadata file (aggregates aside), small enough to refuse junk quickly. */
const MAX_INPUT = 16 * 1024 * 1024;
/** IAM refuses metadata whose signing key is shorter (seed: AWS IAM SAML errors guide). */
const IAM_MIN_RSA_BITS = 1024;

interface MutableMetadata {
  entityId: string | undefined;
  signingCertificates: CertificateInfo[];
  singleSignOnServices: { binding: string; location: string }[];
  validUntil: string | undefined;
  problems: Problem[];
  source: 'xml' | 'iam-json';
  otherEntityIds?: string[];
  encryptionCertificates?: CertificateInfo[];
  nameIdFormats?: string[];
  signed?: boolean;
}

/**
 * Reads IdP metadata as IAM holds it (`aws iam get-saml-provider` JSON with its
 * `SAMLMetadataDocument`, or the raw XML) or as Salesforce's "Download Metadata" gives it.
 * Reports, as `metadata-*` problems, what would make IAM answer "Could not parse metadata"
 * (byte order mark, malformed XML, RSA key under 1024 bits, repeated certificate extensions) and
 * what makes the metadata useless (no entityID, no IdP descriptor, no signing certificate).
 * Never throws.
 */
export async function readIdpMetadata(input: string | Uint8Array): Promise<IdpMetadata> {
  const result: MutableMetadata = { entityId: undefined, signingCertificates: [], singleSignOnServices: [], validUntil: undefined, problems: [], source: 'xml' };
  if (input.length > MAX_INPUT) {
    result.problems.push(problem('metadata-too-large', 'error', `The metadata input is ${String(input.length)} long; the limit is ${String(MAX_INPUT)}.`));
    return result;
  }
  const bytes = metadataBytes(input, result);
  if (bytes === undefined) return result;

  const text = decodeXmlBytes(bytes);
  for (const p of text.problems) {
    if (p.code === 'utf8-bom') {
      result.problems.push(problem('metadata-bom', 'error', 'The metadata starts with a UTF-8 byte order mark (BOM). IAM refuses it ("Could not parse metadata"); save the file as UTF-8 without BOM.'));
    } else {
      result.problems.push(p);
    }
  }
  if (text.xml === undefined) return result;
  if (text.xml.trim() === '') {
    result.problems.push(problem('metadata-empty', 'error', 'The metadata is empty.'));
    return result;
  }

  const parsed = parseXml(text.xml);
  if (!parsed.ok) {
    const first = parsed.problems.find((p) => p.severity === 'error') ?? parsed.problems[0];
    result.problems.push(
      problem(
        'metadata-malformed',
        'error',
        `IAM would refuse this metadata ("Could not parse metadata"): ${first?.message ?? 'the XML is not well-formed.'}`,
        { line: first?.line, column: first?.column },
      ),
    );
    return result;
  }

  let matching = STRICT_MATCHING;
  const root = parsed.root;
  if (!root.namespaceURI && (root.localName === 'EntityDescriptor' || root.localName === 'EntitiesDescriptor')) {
    matching = { alsoNoNamespace: true };
    result.problems.push(
      problem(
        'metadata-not-in-saml-namespace',
        'error',
        `The ${root.localName} element is in no namespace (no xmlns="${SAML_METADATA_NS}"): it is not SAML 2.0 metadata to a namespace-aware parser. It was read by element names to say what else is wrong.`,
        { line: root.lineNumber, column: root.columnNumber },
      ),
    );
  }
  const entity = chooseEntity(root, result, matching);
  if (entity === undefined) return result;
  await readEntity(entity, result, matching);
  return result;
}

function metadataBytes(input: string | Uint8Array, result: MutableMetadata): Uint8Array | undefined {
  const looksLikeJson = typeof input === 'string' ? /^\uFEFF?\s*\{/.test(input) : /^(\xEF\xBB\xBF)?\s*\{/.test(new TextDecoder('latin1').decode(input.subarray(0, 64)));
  if (!looksLikeJson) return typeof input === 'string' ? new TextEncoder().encode(input) : input;

  result.source = 'iam-json';
  const json = typeof input === 'string' ? input : new TextDecoder('utf-8').decode(input);
  let value: unknown;
  try {
    value = JSON.parse(json.replace(/^\uFEFF/, ''));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    result.problems.push(problem('metadata-json-invalid', 'error', `The input looks like JSON (aws iam get-saml-provider output) but does not parse: ${reason}`));
    return undefined;
  }
  const document = samlMetadataDocument(value);
  if (document === undefined) {
    result.problems.push(
      problem('metadata-json-no-document', 'error', 'The JSON has no "SAMLMetadataDocument" string; expected the output of `aws iam get-saml-provider --saml-provider-arn <arn>`.'),
    );
    return undefined;
  }
  return new TextEncoder().encode(document);
}

function samlMetadataDocument(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>; // -- reason: checked to be a non-null object
  const direct = record['SAMLMetadataDocument'];
  if (typeof direct === 'string') return direct;
  for (const inner of Object.values(record)) {
    if (typeof inner === 'object' && inner !== null && typeof (inner as Record<string, unknown>)['SAMLMetadataDocument'] === 'string') {
      return (inner as Record<string, string>)['SAMLMetadataDocument']; // -- reason: type checked on the line above
    }
  }
  return undefined;
}

/** Picks the EntityDescriptor to read: the root, or the first one with an IdP descriptor inside an EntitiesDescriptor. */
function chooseEntity(root: Element, result: MutableMetadata, matching: ElementMatching): Element | undefined {
  if (isElementNamed(root, SAML_METADATA_NS, 'EntityDescriptor', matching)) {
    if (hasSignature(root)) result.signed = true;
    return root;
  }
  if (!isElementNamed(root, SAML_METADATA_NS, 'EntitiesDescriptor', matching)) {
    const name = root.namespaceURI ? `{${root.namespaceURI}}${root.localName ?? root.nodeName}` : root.nodeName;
    result.problems.push(problem('metadata-not-entity-descriptor', 'error', `The document root is ${name}, not a SAML 2.0 metadata EntityDescriptor or EntitiesDescriptor.`));
    return undefined;
  }
  const entities = entityDescriptors(root, matching);
  const chosen = entities.find((entity) => firstChildElement(entity, SAML_METADATA_NS, 'IDPSSODescriptor', matching) !== undefined);
  if (chosen === undefined) {
    result.problems.push(problem('metadata-no-idp-entity', 'error', `The EntitiesDescriptor holds ${String(entities.length)} entities, none with an IDPSSODescriptor.`));
    return undefined;
  }
  const others = entities.filter((entity) => entity !== chosen).map((entity) => attributeOf(entity, 'entityID') ?? '');
  if (others.length > 0) {
    result.otherEntityIds = others;
    result.problems.push(
      problem(
        'metadata-multiple-entities',
        'info',
        `The metadata describes ${String(entities.length)} entities; the first identity provider (${attributeOf(chosen, 'entityID') ?? 'no entityID'}) was read. IAM expects one EntityDescriptor per SAML provider.`,
      ),
    );
  }
  if (hasSignature(chosen) || hasSignature(root)) result.signed = true;
  const validUntil = attributeOf(chosen, 'validUntil') ?? attributeOf(root, 'validUntil');
  if (validUntil !== undefined) result.validUntil = validUntil;
  return chosen;
}

/** EntityDescriptors inside an EntitiesDescriptor, nested aggregates included, in document order. */
function entityDescriptors(root: Element, matching: ElementMatching): Element[] {
  const found: Element[] = [];
  const stack: Element[] = [root];
  while (stack.length > 0) {
    const element = stack.pop() as Element; // -- reason: length checked above
    if (isElementNamed(element, SAML_METADATA_NS, 'EntityDescriptor', matching)) {
      found.push(element);
      continue;
    }
    if (!isElementNamed(element, SAML_METADATA_NS, 'EntitiesDescriptor', matching)) continue;
    const children = elementChildren(element);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as Element); // -- reason: index within bounds
  }
  return found;
}

function hasSignature(element: Element): boolean {
  return firstChildElement(element, XMLDSIG_NS, 'Signature') !== undefined;
}

async function readEntity(entity: Element, result: MutableMetadata, matching: ElementMatching): Promise<void> {
  const entityId = attributeOf(entity, 'entityID');
  if (entityId === undefined || entityId.trim() === '') {
    result.problems.push(problem('metadata-no-entity-id', 'error', 'The EntityDescriptor has no entityID: AWS matches the assertion Issuer against it.'));
  } else {
    result.entityId = entityId;
    if (entityId !== entityId.trim()) {
      result.problems.push(
        problem('metadata-entity-id-whitespace', 'warning', `The entityID ${JSON.stringify(entityId)} has leading or trailing whitespace; an Issuer without it will not match.`),
      );
    }
  }
  result.validUntil ??= attributeOf(entity, 'validUntil');

  const idp = firstChildElement(entity, SAML_METADATA_NS, 'IDPSSODescriptor', matching);
  if (idp === undefined) {
    const roles = elementChildren(entity)
      .map((child) => child.localName ?? '')
      .filter((name) => name.endsWith('Descriptor'));
    result.problems.push(
      problem(
        'metadata-no-idp-descriptor',
        'error',
        `The metadata has no IDPSSODescriptor${roles.length > 0 ? ` (it describes: ${roles.join(', ')})` : ''}: it is not identity provider metadata. IAM needs the IdP's metadata (Salesforce: Setup → Identity Provider → Download Metadata).`,
      ),
    );
    return;
  }

  const signing: Element[] = [];
  const encryption: Element[] = [];
  let misplaced = 0;
  for (const descriptor of childElements(idp, SAML_METADATA_NS, 'KeyDescriptor', matching)) {
    const use = attributeOf(descriptor, 'use');
    let certificates = x509Certificates(descriptor, (parent, localName) => childElements(parent, XMLDSIG_NS, localName));
    if (certificates.length === 0) {
      certificates = x509Certificates(descriptor, (parent, localName) => elementChildren(parent).filter((child) => child.localName === localName));
      misplaced += certificates.length;
    }
    // SAML metadata §2.4.1.1: a KeyDescriptor without `use` serves both signing and encryption.
    if (use === undefined || use === 'signing') signing.push(...certificates);
    else if (use === 'encryption') encryption.push(...certificates);
  }
  if (misplaced > 0) {
    result.problems.push(
      problem(
        'metadata-keyinfo-namespace',
        'warning',
        `${String(misplaced)} certificate${misplaced === 1 ? ' sits' : 's sit'} in a KeyInfo/X509Data/X509Certificate outside the XML-DSig namespace (${XMLDSIG_NS}); a strict parser such as IAM's may not see ${misplaced === 1 ? 'it' : 'them'}. They were read by element names.`,
      ),
    );
  }
  result.signingCertificates = await readCertificates(signing, 'signing', result.problems);
  if (encryption.length > 0) result.encryptionCertificates = await readCertificates(encryption, 'encryption', result.problems);
  if (result.signingCertificates.length === 0 && signing.length === 0) {
    result.problems.push(
      problem('metadata-no-signing-certificate', 'error', 'The IDPSSODescriptor has no signing certificate (KeyDescriptor use="signing" with an X509Certificate): AWS could not verify any signature.'),
    );
  }

  for (const service of childElements(idp, SAML_METADATA_NS, 'SingleSignOnService', matching)) {
    result.singleSignOnServices.push({ binding: attributeOf(service, 'Binding') ?? '', location: attributeOf(service, 'Location') ?? '' });
  }
  if (result.singleSignOnServices.length === 0) {
    result.problems.push(problem('metadata-no-sso-service', 'warning', 'The IDPSSODescriptor lists no SingleSignOnService.'));
  }
  const formats = childElements(idp, SAML_METADATA_NS, 'NameIDFormat', matching).map((format) => elementText(format).value.trim());
  if (formats.length > 0) result.nameIdFormats = formats;
}

function x509Certificates(descriptor: Element, children: (parent: Element, localName: string) => Element[]): Element[] {
  const found: Element[] = [];
  for (const keyInfo of children(descriptor, 'KeyInfo')) {
    for (const data of children(keyInfo, 'X509Data')) found.push(...children(data, 'X509Certificate'));
  }
  return found;
}

async function readCertificates(elements: readonly Element[], use: 'signing' | 'encryption', problems: Problem[]): Promise<CertificateInfo[]> {
  const certificates: CertificateInfo[] = [];
  for (const [index, element] of elements.entries()) {
    const where = `${use} certificate ${String(index + 1)}`;
    const base64 = elementText(element).value.replace(/\s+/g, '');
    const position = { line: element.lineNumber, column: element.columnNumber };
    if (base64 === '') {
      problems.push(problem('metadata-certificate-unparseable', 'error', `The ${where} is empty.`, position));
      continue;
    }
    const parsed = await parseCertificate(base64);
    if (!parsed.ok) {
      const reasons = parsed.problems.map((p) => p.message).join(' ');
      problems.push(problem('metadata-certificate-unparseable', 'error', `The ${where} cannot be read: ${reasons}`, position));
      continue;
    }
    const info = parsed.info;
    // The certificate parser's own warnings (e.g. a double-encoded PEM) matter to IAM too.
    for (const note of parsed.problems) problems.push(problem(note.code, note.severity, `The ${where}: ${note.message}`, position));
    if (certificates.some((known) => known.sha256Fingerprint === info.sha256Fingerprint)) continue;
    certificates.push(info);
    if (info.keyAlgorithm === 'RSA' && info.keyBits !== undefined && info.keyBits < IAM_MIN_RSA_BITS) {
      problems.push(
        problem(
          'metadata-weak-key',
          'error',
          `The ${where} (${info.subject}, SHA-1 ${info.sha1Fingerprint}) has a ${String(info.keyBits)}-bit RSA key; IAM refuses metadata with keys under ${String(IAM_MIN_RSA_BITS)} bits.`,
          position,
        ),
      );
    }
    if (info.repeatedExtensions.length > 0) {
      problems.push(
        problem(
          'metadata-repeated-extension',
          'error',
          `The ${where} (${info.subject}) repeats the extension${info.repeatedExtensions.length === 1 ? '' : 's'} ${info.repeatedExtensions.join(', ')}; IAM refuses such certificates in metadata.`,
          position,
        ),
      );
    }
  }
  return certificates;
}

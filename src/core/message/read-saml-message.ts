import type { Element, Node } from '@xmldom/xmldom';
import { SAML_ASSERTION_NS, SAML_PROTOCOL_NS, SOAP_ENVELOPE_NS } from '../xml/saml-namespaces.ts';
import {
  STRICT_MATCHING,
  attributeOf,
  childElements,
  elementChildren,
  firstChildElement,
  isElementNamed,
  type ElementMatching,
} from './child-elements.ts';
import { elementText } from './element-text.ts';
import { readAwsAttributes } from './read-aws-attributes.ts';
import type {
  SamlAssertion,
  SamlAttribute,
  SamlAuthnRequest,
  SamlAuthnStatement,
  SamlConditions,
  SamlLogoutRequest,
  SamlLogoutResponse,
  SamlMessage,
  SamlNameId,
  SamlResponse,
  SamlStatus,
  SamlSubject,
  SamlSubjectConfirmation,
} from './saml-message.ts';

const SOAP12_ENVELOPE_NS = 'http://www.w3.org/2003/05/soap-envelope';
const ELEMENT_NODE = 1;
const LENIENT_MATCHING: ElementMatching = { alsoNoNamespace: true };

/**
 * Builds the SAML model from a parsed document root (see parseXml). Recognises a Response (also
 * inside a SOAP 1.1/1.2 envelope, as ECP delivers it), a bare Assertion (modelled as a Response
 * with `bareAssertion: true`), AuthnRequest, LogoutRequest and LogoutResponse; anything else is
 * `Unknown`. Elements are matched by namespace URI and local name, never by prefix. A root
 * `Response`/`Assertion` in no namespace is read by local name and marked `outsideSamlNamespace`.
 * Missing elements and attributes come back undefined; never throws.
 */
export function readSamlMessage(root: Element): SamlMessage {
  let message = root;
  let inSoapEnvelope = false;
  if (isSoap(root, 'Envelope')) {
    const body = elementChildren(root).find((child) => isSoap(child, 'Body'));
    const first = body ? elementChildren(body)[0] : undefined;
    if (!first) return unknown(root);
    message = first;
    inSoapEnvelope = true;
  }

  if (isElementNamed(message, SAML_PROTOCOL_NS, 'Response')) return readResponse(message, root, STRICT_MATCHING, inSoapEnvelope);
  if (isElementNamed(message, SAML_ASSERTION_NS, 'Assertion')) return readBareAssertion(message, root, STRICT_MATCHING, inSoapEnvelope);
  if (isElementNamed(message, SAML_PROTOCOL_NS, 'AuthnRequest')) return readAuthnRequest(message);
  if (isElementNamed(message, SAML_PROTOCOL_NS, 'LogoutRequest')) return readLogoutRequest(message);
  if (isElementNamed(message, SAML_PROTOCOL_NS, 'LogoutResponse')) return readLogoutResponse(message);
  if (!message.namespaceURI) {
    if (message.localName === 'Response') return { ...readResponse(message, root, LENIENT_MATCHING, inSoapEnvelope), outsideSamlNamespace: true };
    if (message.localName === 'Assertion') return { ...readBareAssertion(message, root, LENIENT_MATCHING, inSoapEnvelope), outsideSamlNamespace: true };
  }
  return unknown(root);
}

function isSoap(element: Element, localName: string): boolean {
  return isElementNamed(element, SOAP_ENVELOPE_NS, localName) || isElementNamed(element, SOAP12_ENVELOPE_NS, localName);
}

function unknown(root: Element): SamlMessage {
  return { kind: 'Unknown', element: root, rootName: root.namespaceURI ? `{${root.namespaceURI}}${root.localName ?? root.nodeName}` : (root.localName ?? root.nodeName) };
}

function readResponse(element: Element, root: Element, matching: ElementMatching, inSoapEnvelope: boolean): SamlResponse {
  const assertionElements = childElements(element, SAML_ASSERTION_NS, 'Assertion', matching);
  const encrypted = childElements(element, SAML_ASSERTION_NS, 'EncryptedAssertion', matching);
  const nested = findNested(root, matching, assertionElements, encrypted);
  const response: SamlResponse = {
    kind: 'Response',
    element,
    id: attributeOf(element, 'ID'),
    version: attributeOf(element, 'Version'),
    destination: attributeOf(element, 'Destination'),
    issueInstant: attributeOf(element, 'IssueInstant'),
    inResponseTo: attributeOf(element, 'InResponseTo'),
    issuer: issuerOf(element, matching),
    status: readStatus(element, matching),
    assertions: assertionElements.map((assertion) => readAssertion(assertion, matching)),
    encryptedAssertionCount: encrypted.length,
    inSoapEnvelope,
    nestedAssertions: nested.assertions.map((assertion) => readAssertion(assertion, matching)),
    nestedEncryptedAssertionCount: nested.encryptedCount,
  };
  return response;
}

function readBareAssertion(element: Element, root: Element, matching: ElementMatching, inSoapEnvelope: boolean): SamlResponse {
  const nested = findNested(root, matching, [element], []);
  return {
    kind: 'Response',
    element,
    id: undefined,
    version: undefined,
    destination: undefined,
    issueInstant: undefined,
    inResponseTo: undefined,
    issuer: undefined,
    status: undefined,
    assertions: [readAssertion(element, matching)],
    encryptedAssertionCount: 0,
    inSoapEnvelope,
    bareAssertion: true,
    nestedAssertions: nested.assertions.map((assertion) => readAssertion(assertion, matching)),
    nestedEncryptedAssertionCount: nested.encryptedCount,
  };
}

/** Every Assertion / EncryptedAssertion in the document other than the expected ones, in document order. */
function findNested(
  root: Element,
  matching: ElementMatching,
  expected: readonly Element[],
  expectedEncrypted: readonly Element[],
): { assertions: Element[]; encryptedCount: number } {
  const assertions: Element[] = [];
  let encryptedCount = 0;
  const stack: Element[] = [root];
  while (stack.length > 0) {
    const element = stack.pop() as Element; // -- reason: length checked above
    if (isElementNamed(element, SAML_ASSERTION_NS, 'Assertion', matching) && !expected.includes(element)) assertions.push(element);
    if (isElementNamed(element, SAML_ASSERTION_NS, 'EncryptedAssertion', matching) && !expectedEncrypted.includes(element)) encryptedCount++;
    const children = elementChildren(element);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as Element); // -- reason: index within bounds
  }
  return { assertions, encryptedCount };
}

function issuerOf(element: Element, matching: ElementMatching): string | undefined {
  const issuer = firstChildElement(element, SAML_ASSERTION_NS, 'Issuer', matching);
  return issuer ? elementText(issuer).value : undefined;
}

function readStatus(element: Element, matching: ElementMatching): SamlStatus | undefined {
  const status = firstChildElement(element, SAML_PROTOCOL_NS, 'Status', matching);
  if (!status) return undefined;
  const code = firstChildElement(status, SAML_PROTOCOL_NS, 'StatusCode', matching);
  const subCode = code ? firstChildElement(code, SAML_PROTOCOL_NS, 'StatusCode', matching) : undefined;
  const message = firstChildElement(status, SAML_PROTOCOL_NS, 'StatusMessage', matching);
  return {
    code: code ? attributeOf(code, 'Value') : undefined,
    subCode: subCode ? attributeOf(subCode, 'Value') : undefined,
    message: message ? elementText(message).value : undefined,
  };
}

function readAssertion(element: Element, matching: ElementMatching): SamlAssertion {
  const attributes: SamlAttribute[] = [];
  for (const statement of childElements(element, SAML_ASSERTION_NS, 'AttributeStatement', matching)) {
    for (const attribute of childElements(statement, SAML_ASSERTION_NS, 'Attribute', matching)) attributes.push(readAttribute(attribute, matching));
  }
  const { path, depth } = locate(element);
  return {
    element,
    id: attributeOf(element, 'ID'),
    version: attributeOf(element, 'Version'),
    path,
    depth,
    issueInstant: attributeOf(element, 'IssueInstant'),
    issuer: issuerOf(element, matching),
    subject: readSubject(element, matching),
    conditions: readConditions(element, matching),
    authnStatements: childElements(element, SAML_ASSERTION_NS, 'AuthnStatement', matching).map((statement) => readAuthnStatement(statement, matching)),
    attributes,
    aws: readAwsAttributes(attributes),
  };
}

function locate(element: Element): { path: string; depth: number } {
  const names: string[] = [];
  let node: Node | null = element;
  while (node && node.nodeType === ELEMENT_NODE) {
    names.push((node as Element).localName ?? node.nodeName); // -- reason: nodeType is ELEMENT_NODE
    node = node.parentNode;
  }
  return { path: `/${names.reverse().join('/')}`, depth: names.length - 1 };
}

function readSubject(assertion: Element, matching: ElementMatching): SamlSubject | undefined {
  const subject = firstChildElement(assertion, SAML_ASSERTION_NS, 'Subject', matching);
  if (!subject) return undefined;
  const nameId = firstChildElement(subject, SAML_ASSERTION_NS, 'NameID', matching);
  const result: SamlSubject = {
    nameId: nameId ? readNameId(nameId) : undefined,
    confirmations: childElements(subject, SAML_ASSERTION_NS, 'SubjectConfirmation', matching).map((confirmation) =>
      readConfirmation(confirmation, matching),
    ),
  };
  return firstChildElement(subject, SAML_ASSERTION_NS, 'EncryptedID', matching) ? { ...result, encryptedId: true } : result;
}

function readNameId(element: Element): SamlNameId {
  const text = elementText(element);
  return {
    value: text.value,
    format: attributeOf(element, 'Format'),
    nameQualifier: attributeOf(element, 'NameQualifier'),
    spNameQualifier: attributeOf(element, 'SPNameQualifier'),
    hasCommentOrCdata: text.hasCommentOrCdata,
    firstTextNode: text.firstTextNode,
  };
}

function readConfirmation(element: Element, matching: ElementMatching): SamlSubjectConfirmation {
  const data = firstChildElement(element, SAML_ASSERTION_NS, 'SubjectConfirmationData', matching);
  return {
    method: attributeOf(element, 'Method'),
    recipient: data ? attributeOf(data, 'Recipient') : undefined,
    notOnOrAfter: data ? attributeOf(data, 'NotOnOrAfter') : undefined,
    notBefore: data ? attributeOf(data, 'NotBefore') : undefined,
    inResponseTo: data ? attributeOf(data, 'InResponseTo') : undefined,
  };
}

function readConditions(assertion: Element, matching: ElementMatching): SamlConditions | undefined {
  const conditions = firstChildElement(assertion, SAML_ASSERTION_NS, 'Conditions', matching);
  if (!conditions) return undefined;
  const audiences: string[] = [];
  for (const restriction of childElements(conditions, SAML_ASSERTION_NS, 'AudienceRestriction', matching)) {
    for (const audience of childElements(restriction, SAML_ASSERTION_NS, 'Audience', matching)) audiences.push(elementText(audience).value);
  }
  return { notBefore: attributeOf(conditions, 'NotBefore'), notOnOrAfter: attributeOf(conditions, 'NotOnOrAfter'), audiences };
}

function readAuthnStatement(element: Element, matching: ElementMatching): SamlAuthnStatement {
  const context = firstChildElement(element, SAML_ASSERTION_NS, 'AuthnContext', matching);
  const classRef = context ? firstChildElement(context, SAML_ASSERTION_NS, 'AuthnContextClassRef', matching) : undefined;
  return {
    authnInstant: attributeOf(element, 'AuthnInstant'),
    sessionNotOnOrAfter: attributeOf(element, 'SessionNotOnOrAfter'),
    sessionIndex: attributeOf(element, 'SessionIndex'),
    authnContextClassRef: classRef ? elementText(classRef).value : undefined,
  };
}

function readAttribute(element: Element, matching: ElementMatching): SamlAttribute {
  const values: string[] = [];
  let hasCommentOrCdata = false;
  for (const value of childElements(element, SAML_ASSERTION_NS, 'AttributeValue', matching)) {
    const text = elementText(value);
    values.push(text.value);
    hasCommentOrCdata ||= text.hasCommentOrCdata;
  }
  return {
    name: attributeOf(element, 'Name') ?? '',
    nameFormat: attributeOf(element, 'NameFormat'),
    friendlyName: attributeOf(element, 'FriendlyName'),
    values,
    hasCommentOrCdata,
  };
}

function readAuthnRequest(element: Element): SamlAuthnRequest {
  const policy = firstChildElement(element, SAML_PROTOCOL_NS, 'NameIDPolicy');
  return {
    kind: 'AuthnRequest',
    element,
    id: attributeOf(element, 'ID'),
    destination: attributeOf(element, 'Destination'),
    issueInstant: attributeOf(element, 'IssueInstant'),
    issuer: issuerOf(element, STRICT_MATCHING),
    assertionConsumerServiceUrl: attributeOf(element, 'AssertionConsumerServiceURL'),
    protocolBinding: attributeOf(element, 'ProtocolBinding'),
    nameIdPolicyFormat: policy ? attributeOf(policy, 'Format') : undefined,
  };
}

function readLogoutRequest(element: Element): SamlLogoutRequest {
  const nameId = firstChildElement(element, SAML_ASSERTION_NS, 'NameID');
  return {
    kind: 'LogoutRequest',
    element,
    id: attributeOf(element, 'ID'),
    destination: attributeOf(element, 'Destination'),
    issueInstant: attributeOf(element, 'IssueInstant'),
    issuer: issuerOf(element, STRICT_MATCHING),
    notOnOrAfter: attributeOf(element, 'NotOnOrAfter'),
    nameId: nameId ? readNameId(nameId) : undefined,
    sessionIndexes: childElements(element, SAML_PROTOCOL_NS, 'SessionIndex').map((index) => elementText(index).value),
  };
}

function readLogoutResponse(element: Element): SamlLogoutResponse {
  return {
    kind: 'LogoutResponse',
    element,
    id: attributeOf(element, 'ID'),
    destination: attributeOf(element, 'Destination'),
    issueInstant: attributeOf(element, 'IssueInstant'),
    inResponseTo: attributeOf(element, 'InResponseTo'),
    issuer: issuerOf(element, STRICT_MATCHING),
    status: readStatus(element, STRICT_MATCHING),
  };
}

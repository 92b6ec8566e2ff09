import { randomBytes } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import type { LabCertificate } from './lab-keys.ts';

const SAMLP = 'urn:oasis:names:tc:SAML:2.0:protocol';
const SAML = 'urn:oasis:names:tc:SAML:2.0:assertion';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';

const ALGORITHMS = {
  'rsa-sha256': { signature: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', digest: 'http://www.w3.org/2001/04/xmlenc#sha256' },
  'rsa-sha1': { signature: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1', digest: 'http://www.w3.org/2000/09/xmldsig#sha1' },
} as const;

export interface SamlAttribute {
  readonly name: string;
  readonly values: readonly string[];
}

export interface SalesforceResponseInput {
  readonly issuer: string;
  /** ACS URL: the Response's Destination and the bearer confirmation's Recipient. */
  readonly destination: string;
  readonly audience: string;
  readonly nameId: string;
  /** Salesforce's notion of now (its clock error included). */
  readonly issueInstant: Date;
  readonly validitySeconds: number;
  readonly attributes: readonly SamlAttribute[];
  readonly signing: {
    readonly certificate: LabCertificate;
    readonly algorithm: keyof typeof ALGORITHMS;
    readonly elements: 'response-and-assertion' | 'assertion' | 'response' | 'none';
  };
  /** Rewrite one attribute value after signing (breaks every digest covering the assertion). */
  readonly tamperAfterSigning: boolean;
}

export interface SalesforceResponse {
  readonly xml: string;
  readonly base64: string;
  /** SignatureValue of every signature made, in document order of signing. */
  readonly signatureValues: readonly string[];
}

function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

function samlId(): string {
  // SAML IDs are xs:ID (NCName): they must not start with a digit.
  return `_${randomBytes(16).toString('hex')}`;
}

/** xs:dateTime with milliseconds, as Salesforce writes it (`2026-05-04T10:11:12.345Z`). */
function samlTime(date: Date): string {
  return date.toISOString();
}

function attributeXml(attribute: SamlAttribute): string {
  const values = attribute.values
    .map(
      (value) =>
        `<saml:AttributeValue xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="xs:anyType">${escapeXml(value)}</saml:AttributeValue>`,
    )
    .join('');
  return `<saml:Attribute Name="${escapeXml(attribute.name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified">${values}</saml:Attribute>`;
}

function sign(xml: string, elementId: string, input: SalesforceResponseInput): { xml: string; signatureValue: string } {
  const algorithm = ALGORITHMS[input.signing.algorithm];
  const signer = new SignedXml({
    privateKey: input.signing.certificate.privateKeyPem,
    publicCert: input.signing.certificate.certificatePem,
    signatureAlgorithm: algorithm.signature,
    canonicalizationAlgorithm: EXC_C14N,
  });
  const element = `//*[@ID='${elementId}']`;
  signer.addReference({ xpath: element, transforms: [ENVELOPED, EXC_C14N], digestAlgorithm: algorithm.digest });
  // SAML core §5: the Signature follows the element's Issuer.
  signer.computeSignature(xml, { prefix: 'ds', location: { reference: `${element}/*[local-name(.)='Issuer']`, action: 'after' } });
  const signed = signer.getSignedXml();
  const value = /<ds:SignatureValue>([^<]*)<\/ds:SignatureValue>/.exec(signer.getSignatureXml())?.[1];
  if (value === undefined) throw new Error('xml-crypto produced no SignatureValue');
  return { xml: signed, signatureValue: value };
}

/**
 * Builds the IdP-initiated SAML Response the Salesforce Voice connected app sends to AWS: entity
 * Issuer, persistent NameID, bearer confirmation, audience restriction, AuthnStatement and the
 * attributes, and signs the Assertion and then the Response (enveloped, exclusive C14N) as the
 * real IdP does (domain.md §5.4).
 */
export function buildSalesforceResponse(input: SalesforceResponseInput): SalesforceResponse {
  const responseId = samlId();
  const assertionId = samlId();
  const issued = input.issueInstant;
  const notOnOrAfter = new Date(issued.getTime() + input.validitySeconds * 1000);
  const issuer = `<saml:Issuer Format="urn:oasis:names:tc:SAML:2.0:nameid-format:entity">${escapeXml(input.issuer)}</saml:Issuer>`;
  const assertion = [
    `<saml:Assertion xmlns:saml="${SAML}" ID="${assertionId}" IssueInstant="${samlTime(issued)}" Version="2.0">`,
    issuer,
    '<saml:Subject>',
    `<saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">${escapeXml(input.nameId)}</saml:NameID>`,
    '<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">',
    `<saml:SubjectConfirmationData NotOnOrAfter="${samlTime(notOnOrAfter)}" Recipient="${escapeXml(input.destination)}"/>`,
    '</saml:SubjectConfirmation>',
    '</saml:Subject>',
    `<saml:Conditions NotBefore="${samlTime(issued)}" NotOnOrAfter="${samlTime(notOnOrAfter)}">`,
    `<saml:AudienceRestriction><saml:Audience>${escapeXml(input.audience)}</saml:Audience></saml:AudienceRestriction>`,
    '</saml:Conditions>',
    `<saml:AuthnStatement AuthnInstant="${samlTime(issued)}">`,
    '<saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:unspecified</saml:AuthnContextClassRef></saml:AuthnContext>',
    '</saml:AuthnStatement>',
    `<saml:AttributeStatement>${input.attributes.map(attributeXml).join('')}</saml:AttributeStatement>`,
    '</saml:Assertion>',
  ].join('');
  let xml = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<samlp:Response xmlns:samlp="${SAMLP}" Destination="${escapeXml(input.destination)}" ID="${responseId}" IssueInstant="${samlTime(issued)}" Version="2.0">`,
    `<saml:Issuer xmlns:saml="${SAML}" Format="urn:oasis:names:tc:SAML:2.0:nameid-format:entity">${escapeXml(input.issuer)}</saml:Issuer>`,
    '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>',
    assertion,
    '</samlp:Response>',
  ].join('');

  const signatureValues: string[] = [];
  const elements = input.signing.elements;
  if (elements === 'assertion' || elements === 'response-and-assertion') {
    const signed = sign(xml, assertionId, input);
    xml = signed.xml;
    signatureValues.push(signed.signatureValue);
  }
  if (elements === 'response' || elements === 'response-and-assertion') {
    const signed = sign(xml, responseId, input);
    xml = signed.xml;
    signatureValues.push(signed.signatureValue);
  }
  if (input.tamperAfterSigning) {
    xml = tamper(xml);
  }
  return { xml, base64: Buffer.from(xml, 'utf8').toString('base64'), signatureValues };
}

/** Swaps the value of the `is_portal_user` attribute: small, signed, and harmless to everything else. */
function tamper(xml: string): string {
  const marker = /(<saml:Attribute Name="is_portal_user"[^>]*><saml:AttributeValue[^>]*>)false(<)/;
  if (!marker.test(xml)) throw new Error('tampering needs the is_portal_user attribute');
  return xml.replace(marker, '$1true$2');
}

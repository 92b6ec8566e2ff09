/**
 * Test builders: Salesforce-shaped, really signed SAML responses and the flows that carry them.
 * Test-only (Node); never imported by src/core.
 *
 * Identity provider
 *   const idp = await createTestIdp();                 // RSA-2048, self-signed, valid 2025..2027
 *   const idp = await sharedTestIdp();                 // the same, generated once per test file
 *   createTestIdp({ keyBits: 1024, notAfter: new Date('2026-03-10T00:00:00Z'), subject: 'CN=Old' })
 *   idp.certificatePem / certificateDer / certificateBase64 / privateKeyPem
 *   idp.sha1Fingerprint / sha256Fingerprint            // upper-case hex with colons
 *
 * Messages (XML strings)
 *   buildSalesforceResponse(idp)                       // healthy Salesforce Voice response, signed twice
 *   buildSalesforceResponse(idp, {
 *     issuer, assertionIssuer, destination, recipient, audiences, nameId, issueInstant,
 *     notBefore, notOnOrAfter, subjectNotOnOrAfter, sessionNotOnOrAfter, roles, roleSessionName,
 *     sessionDuration, attributes: { [name]: value | values }, omitAttributes: [name],
 *     sign: 'both' | 'response' | 'assertion' | 'none',   // default 'both' (what Salesforce does)
 *     signatureAlgorithm: 'sha1' | 'sha256',              // default 'sha256'
 *     signingIdp,          // sign with another key pair (KeyInfo still carries signingIdp's cert)
 *     keyInfoIdp,          // put another certificate in KeyInfo than the one that signed
 *     tamper: true,        // alter the RoleSessionName after signing (digest no longer matches)
 *     wrap: true,          // signature wrapping: forged unsigned assertion before the signed one
 *     encryptAssertion: true,  // replace the Assertion by an (opaque) EncryptedAssertion
 *     extraAssertionXml, extraResponseXml,   // raw XML appended inside Assertion / Response
 *   })
 *   encodePost(xml)                                   // base64, as the HTTP-POST binding sends it
 *   buildIdpMetadataXml(idp, { entityId?, extraCertificates? })   // what Download Metadata gives
 *
 * Flows
 *   flowWithSamlPost(xml)                             // idp/login → POST /saml → federate → CCP
 *   flowWithSamlPost(xml, { page: errorPage('aws-signature-invalid') })   // STS error page
 *   flowWithSamlPost(xml, { thenHops: [federateHop({ page: errorPage('connect-not-onboarded') })] })
 *   flowWithSamlPost(xml, { samlUrl, serverDate, idpUrl, relayState, state, closeReason })
 *   buildFlow({ hops: [{ kind, url, ... }], ... })    // anything else; ids/times filled in
 *   idpLoginHop(), samlPostHop(xml, { status? }), federateHop(), connectAppHop()   // single hops
 *   errorPage(classification, { excerpt?, serviceErrors?, roleArn? })
 *   testContext({ ...overrides })                     // DiagnosisContext with `now` set
 *
 * Every default is in TEST_DEFAULTS (issuer, ARNs, RoleSessionName, instance id, times).
 */
import { webcrypto } from 'node:crypto';
import { Buffer } from 'node:buffer';
import * as x509 from '@peculiar/x509';
import { SignedXml } from 'xml-crypto';
import type { DiagnosisContext } from '../core/diagnosis/diagnosis-context.ts';
import type { Flow, FlowCloseReason, FlowSource, FlowState, Hop, PageClassification, PageReading, ServiceErrorDetails } from '../core/flow/flow.ts';

x509.cryptoProvider.set(webcrypto as unknown as Crypto); // -- reason: Node's webcrypto is the WebCrypto API; its typings differ only nominally

const ORG_ID = '00D5g000000abcdEAA';
const USER_ID = '0055g00000AbCdEAAV';
const ACCOUNT_ID = '123456789012';
const REGION = 'us-east-1';
const INSTANCE_ID = 'a1b2c3d4-5678-90ab-cdef-111122223333';

export const TEST_DEFAULTS = {
  orgId: ORG_ID,
  userId: USER_ID,
  accountId: ACCOUNT_ID,
  region: REGION,
  instanceId: INSTANCE_ID,
  issuer: 'https://acme.my.salesforce.com',
  myDomainHost: 'acme.my.salesforce.com',
  connectedAppId: '0sp5g000000abcd',
  samlEndpoint: 'https://signin.aws.amazon.com/saml',
  audience: 'https://signin.aws.amazon.com/saml',
  roleName: 'AcmeVoice-SAMLRole',
  roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/AcmeVoice-SAMLRole`,
  providerName: `SalesforceVoiceIdp_${ORG_ID}`,
  providerArn: `arn:aws:iam::${ACCOUNT_ID}:saml-provider/SalesforceVoiceIdp_${ORG_ID}`,
  roleSessionName: `jdoe@${USER_ID}@${ORG_ID}`,
  nameId: USER_ID,
  nameIdFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
  issueInstant: '2026-03-02T10:00:00.000Z',
  federateUrl: `https://${REGION}.console.aws.amazon.com/connect/federate/${INSTANCE_ID}?destination=%2Fconnect%2Fccp-v2`,
  connectAppUrl: 'https://acme-voice.my.connect.aws/connect/ccp-v2',
} as const;

export interface TestIdp {
  readonly certificatePem: string;
  readonly certificateDer: Uint8Array;
  /** DER as base64 without line breaks (what goes into X509Certificate elements). */
  readonly certificateBase64: string;
  readonly privateKeyPem: string;
  readonly sha1Fingerprint: string;
  readonly sha256Fingerprint: string;
  readonly keyBits: number;
}

export interface TestIdpOptions {
  readonly keyBits?: number;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  readonly subject?: string;
}

/** Generates an RSA key pair and a self-signed certificate shaped like Salesforce's. */
export async function createTestIdp(options: TestIdpOptions = {}): Promise<TestIdp> {
  const keyBits = options.keyBits ?? 2048;
  const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: keyBits };
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '018e0f1a2b3c',
    name: options.subject ?? `CN=SelfSignedCert_02Mar2025_100000, OU=${ORG_ID.slice(0, 15)}, O=Salesforce.com, L=San Francisco, ST=CA, C=US`,
    notBefore: options.notBefore ?? new Date('2025-03-02T10:00:00Z'),
    notAfter: options.notAfter ?? new Date('2027-03-02T10:00:00Z'),
    signingAlgorithm: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    keys,
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  const der = new Uint8Array(certificate.rawData);
  return {
    certificatePem: certificate.toString('pem'),
    certificateDer: der,
    certificateBase64: Buffer.from(der).toString('base64'),
    privateKeyPem: toPem(new Uint8Array(pkcs8), 'PRIVATE KEY'),
    sha1Fingerprint: await fingerprint(der, 'SHA-1'),
    sha256Fingerprint: await fingerprint(der, 'SHA-256'),
    keyBits,
  };
}

let shared: Promise<TestIdp> | undefined;

/** One default IdP per test file (key generation takes a moment); use createTestIdp for a second one. */
export function sharedTestIdp(): Promise<TestIdp> {
  shared ??= createTestIdp();
  return shared;
}

export interface ResponseFields {
  readonly responseId: string;
  readonly assertionId: string;
  /** ISO-8601; the other times default to offsets from it. */
  readonly issueInstant: string;
  readonly issuer: string;
  /** Defaults to `issuer`. */
  readonly assertionIssuer: string;
  readonly destination: string;
  readonly recipient: string;
  readonly audiences: readonly string[];
  readonly nameId: string;
  readonly nameIdFormat: string;
  readonly notBefore: string;
  readonly notOnOrAfter: string;
  readonly subjectNotOnOrAfter: string;
  readonly authnInstant: string;
  readonly sessionNotOnOrAfter: string;
  readonly statusCode: string;
  /** Values of the Role attribute. */
  readonly roles: readonly string[];
  readonly roleSessionName: string | readonly string[];
  readonly sessionDuration: string;
  /** Attributes by full name, added or replacing the AWS ones. */
  readonly attributes: Readonly<Record<string, string | readonly string[]>>;
  /** Attribute names to leave out (e.g. the RoleSessionName attribute). */
  readonly omitAttributes: readonly string[];
}

export type ResponseOverrides = Partial<ResponseFields> & {
  readonly sign?: 'both' | 'response' | 'assertion' | 'none';
  readonly signatureAlgorithm?: 'sha1' | 'sha256';
  readonly signingIdp?: TestIdp;
  readonly keyInfoIdp?: TestIdp;
  readonly tamper?: boolean;
  readonly wrap?: boolean;
  readonly encryptAssertion?: boolean;
  readonly extraAssertionXml?: string;
  readonly extraResponseXml?: string;
};

const ROLE_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/Role';
const ROLE_SESSION_NAME_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/RoleSessionName';
const SESSION_DURATION_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/SessionDuration';

/** A Salesforce Voice SAML response (XML text), signed as Salesforce signs it unless told otherwise. */
export function buildSalesforceResponse(idp: TestIdp, overrides: ResponseOverrides = {}): string {
  const fields = resolveFields(overrides);
  const assertion = overrides.encryptAssertion === true ? encryptedAssertionXml() : assertionXml(fields, overrides.extraAssertionXml ?? '');
  let xml =
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" Destination="${esc(fields.destination)}" ID="${esc(fields.responseId)}" IssueInstant="${esc(fields.issueInstant)}" Version="2.0">` +
    `<saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" Format="urn:oasis:names:tc:SAML:2.0:nameid-format:entity">${esc(fields.issuer)}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="${esc(fields.statusCode)}"/></samlp:Status>` +
    assertion +
    (overrides.extraResponseXml ?? '') +
    `</samlp:Response>`;

  const sign = overrides.sign ?? (overrides.wrap === true ? 'assertion' : 'both');
  const signer = overrides.signingIdp ?? idp;
  const keyInfo = overrides.keyInfoIdp ?? signer;
  const algorithm = overrides.signatureAlgorithm ?? 'sha256';
  if ((sign === 'both' || sign === 'assertion') && overrides.encryptAssertion !== true) {
    xml = signElement(xml, fields.assertionId, `//*[@ID='${fields.assertionId}']/*[local-name(.)='Issuer']`, signer, keyInfo, algorithm);
  }
  if (overrides.wrap === true) xml = wrapAssertion(xml, fields);
  if (sign === 'both' || sign === 'response') {
    xml = signElement(xml, fields.responseId, "/*/*[local-name(.)='Issuer']", signer, keyInfo, algorithm);
  }
  if (overrides.tamper === true) xml = tamperWith(xml, fields);
  return xml;
}

/** Base64 of the UTF-8 XML: the HTTP-POST binding's SAMLResponse value. */
export function encodePost(xml: string): string {
  return Buffer.from(xml, 'utf8').toString('base64');
}

/** IdP metadata as Salesforce's Identity Provider page downloads it (and as IAM stores it). */
export function buildIdpMetadataXml(
  idp: TestIdp,
  options: { readonly entityId?: string; readonly extraCertificates?: readonly TestIdp[] } = {},
): string {
  const entityId = options.entityId ?? TEST_DEFAULTS.issuer;
  const keyDescriptors = [idp, ...(options.extraCertificates ?? [])]
    .map(
      (certificate) =>
        `<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${certificate.certificateBase64}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`,
    )
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${esc(entityId)}" validUntil="2036-03-02T10:00:00.000Z">` +
    `<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">` +
    keyDescriptors +
    `<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified</md:NameIDFormat>` +
    `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${esc(entityId)}/idp/endpoint/HttpPost"/>` +
    `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${esc(entityId)}/idp/endpoint/HttpRedirect"/>` +
    `</md:IDPSSODescriptor></md:EntityDescriptor>`
  );
}

// ---------------------------------------------------------------------------------------------
// Flows

export type HopPart = Partial<Hop>;

export interface FlowParts {
  readonly hops: readonly HopPart[];
  readonly id?: string;
  readonly source?: FlowSource;
  readonly startedAt?: string;
  readonly state?: FlowState;
  readonly closeReason?: FlowCloseReason;
  readonly background?: boolean;
}

/**
 * A Flow from partial hops: ids `hop-1`, `hop-2`... , start times one second apart from
 * `startedAt`, kind `other`, method GET and status 200 unless given.
 */
export function buildFlow(parts: FlowParts): Flow {
  const start = Date.parse(parts.startedAt ?? parts.hops[0]?.startedAt ?? TEST_DEFAULTS.issueInstant);
  const hops: Hop[] = parts.hops.map((part, index) => {
    const hop: Hop = {
      ...part,
      id: part.id ?? `hop-${String(index + 1)}`,
      kind: part.kind ?? 'other',
      url: part.url ?? 'https://example.invalid/',
      method: part.method ?? 'GET',
      startedAt: part.startedAt ?? new Date(start + index * 1000).toISOString(),
    };
    if (part.status === undefined && part.networkError === undefined) return { ...hop, status: 200 };
    return hop;
  });
  const last = hops.at(-1);
  const flow: Flow = {
    id: parts.id ?? 'flow-1',
    source: parts.source ?? 'capture',
    startedAt: hops[0]?.startedAt ?? new Date(start).toISOString(),
    hops,
    state: parts.state ?? 'ended',
  };
  const closeReason = parts.closeReason ?? (parts.state === 'running' ? undefined : inferCloseReason(last));
  return {
    ...flow,
    ...(closeReason === undefined ? {} : { closeReason }),
    ...(parts.background === undefined ? {} : { background: parts.background }),
  };
}

export interface SamlPostFlowOptions {
  /** Error page shown in answer to the POST (then the flow ends there unless thenHops is given). */
  readonly page?: PageReading;
  /** AWS's `Date` header on the POST; defaults to 2 s after the response's IssueInstant. */
  readonly serverDate?: string;
  /** Hops after the POST; default: federate → Connect CCP (or nothing when `page` is given). */
  readonly thenHops?: readonly HopPart[];
  readonly idpUrl?: string;
  readonly samlUrl?: string;
  readonly relayState?: string;
  readonly state?: FlowState;
  readonly closeReason?: FlowCloseReason;
  readonly id?: string;
}

/** idp/login → POST the response to AWS sign-in → (federate → Connect CCP, or an error page). */
export function flowWithSamlPost(xml: string, options: SamlPostFlowOptions = {}): Flow {
  const issueInstant = /IssueInstant="([^"]+)"/.exec(xml)?.[1] ?? TEST_DEFAULTS.issueInstant;
  const start = Date.parse(issueInstant) - 1000;
  const post = samlPostHop(xml, {
    ...(options.samlUrl === undefined ? {} : { url: options.samlUrl }),
    ...(options.relayState === undefined ? {} : { relayState: options.relayState }),
    serverDate: options.serverDate ?? new Date(Date.parse(issueInstant) + 2000).toISOString(),
    ...(options.page === undefined ? {} : { page: options.page }),
  });
  const after = options.thenHops ?? (options.page === undefined ? [federateHop(), connectAppHop()] : []);
  return buildFlow({
    startedAt: new Date(start).toISOString(),
    hops: [idpLoginHop(options.idpUrl === undefined ? {} : { url: options.idpUrl }), post, ...after],
    ...(options.state === undefined ? {} : { state: options.state }),
    ...(options.closeReason === undefined ? {} : { closeReason: options.closeReason }),
    ...(options.id === undefined ? {} : { id: options.id }),
  });
}

/** GET https://acme.my.salesforce.com/idp/login?app=0sp…&RelayState=<federate URL>. */
export function idpLoginHop(part: HopPart = {}): HopPart {
  return {
    kind: 'salesforce-idp',
    url: `https://${TEST_DEFAULTS.myDomainHost}/idp/login?app=${TEST_DEFAULTS.connectedAppId}&RelayState=${encodeURIComponent(TEST_DEFAULTS.federateUrl)}`,
    method: 'GET',
    status: 200,
    resourceType: 'main_frame',
    ...part,
  };
}

/** POST https://signin.aws.amazon.com/saml carrying SAMLResponse = base64(xml). */
export function samlPostHop(
  xml: string,
  options: { readonly url?: string; readonly relayState?: string; readonly serverDate?: string; readonly page?: PageReading; readonly status?: number } = {},
): HopPart {
  const relayState = options.relayState ?? TEST_DEFAULTS.federateUrl;
  const base: HopPart = {
    kind: 'aws-saml',
    url: options.url ?? TEST_DEFAULTS.samlEndpoint,
    method: 'POST',
    resourceType: 'main_frame',
    saml: { SAMLResponse: encodePost(xml), RelayState: relayState },
    ...(options.serverDate === undefined ? {} : { serverDate: options.serverDate }),
  };
  if (options.page !== undefined) return { ...base, status: options.status ?? 200, page: options.page };
  const status = options.status ?? 302;
  return status >= 300 && status < 400 ? { ...base, status, redirectTo: relayState } : { ...base, status };
}

/** GET the Connect federate URL; redirects to the instance unless an error page is given. */
export function federateHop(part: HopPart = {}): HopPart {
  const base: HopPart = { kind: 'connect-federate', url: TEST_DEFAULTS.federateUrl, method: 'GET', resourceType: 'main_frame' };
  if (part.page !== undefined || part.networkError !== undefined) return { ...base, status: 200, ...part };
  return { ...base, status: 302, redirectTo: TEST_DEFAULTS.connectAppUrl, ...part };
}

/** GET the Connect CCP on *.my.connect.aws. */
export function connectAppHop(part: HopPart = {}): HopPart {
  const base: HopPart = { kind: 'connect-app', url: TEST_DEFAULTS.connectAppUrl, method: 'GET', resourceType: 'main_frame' };
  if (part.networkError !== undefined) return { ...base, ...part };
  return { ...base, status: 200, ...part };
}

const PAGE_TEXT: Record<PageClassification, string> = {
  'sf-insufficient-privileges': 'Insufficient Privileges You do not have the level of access necessary to perform the operation you requested.',
  'sf-data-not-available': 'Data Not Available The data you were trying to access could not be found.',
  'aws-invalid-saml-response': 'Your request included an invalid SAML response. To logout, click here.',
  'aws-rolesessionname-required': 'RoleSessionName is required in AuthnResponse (Service: AWSSecurityTokenService; Status Code: 400; Error Code: InvalidIdentityToken)',
  'aws-rolesessionname-invalid': 'RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64} (Service: AWSSecurityTokenService; Status Code: 400; Error Code: InvalidIdentityToken)',
  'aws-source-identity-invalid': 'Source Identity must match [a-zA-Z_0-9+=,.@-]{2,64} and not begin with "aws:"',
  'aws-signature-invalid': 'Response signature invalid (Service: AWSSecurityTokenService; Status Code: 400; Error Code: InvalidIdentityToken; Request ID: 0f1e2d3c-aaaa-bbbb-cccc-444455556666; Proxy: null). Please try again.',
  'aws-issuer-not-present': 'Issuer not present in specified provider (Service: AWSOpenIdDiscoveryService; Status Code: 400; Error Code: AuthSamlInvalidSamlResponseException; Request ID: 1a2b3c4d-aaaa-bbbb-cccc-444455556666; Proxy: null)',
  'aws-not-authorized-assume-role': 'Not authorized to perform sts:AssumeRoleWithSAML (Service: AWSSecurityTokenService; Status Code: 403; Error Code: AccessDenied)',
  'aws-provider-not-found': "Specified provider doesn't exist.",
  'aws-duration-exceeds-max': 'Requested DurationSeconds exceeds MaxSessionDuration set for this role.',
  'aws-audience-missing': 'Response does not contain the required audience.',
  'aws-expired-token': 'Token is expired (Service: AWSSecurityTokenService; Status Code: 400; Error Code: ExpiredTokenException)',
  'aws-region-disabled': 'STS is not activated in this region for account (Service: AWSSecurityTokenService; Status Code: 403; Error Code: RegionDisabledException)',
  'aws-role-selection': 'Select a role:',
  'connect-not-onboarded': 'Access denied. Your account has been authenticated, but has not been onboarded to this application.',
  'connect-bad-request': 'Bad Request. The request was not valid and could not be processed.',
  'connect-federation-denied': 'Access denied, Please contact your AWS account administrator for assistance.',
  'connect-session-expired': 'Session expired',
  'unrecognized-error': 'Something went wrong.',
};

const PAGE_ERRORS: Partial<Record<PageClassification, ServiceErrorDetails[]>> = {
  'aws-signature-invalid': [{ service: 'AWSSecurityTokenService', statusCode: 400, errorCode: 'InvalidIdentityToken', requestId: '0f1e2d3c-aaaa-bbbb-cccc-444455556666' }],
  'aws-issuer-not-present': [
    { service: 'AWSOpenIdDiscoveryService', statusCode: 400, errorCode: 'AuthSamlInvalidSamlResponseException', requestId: '1a2b3c4d-aaaa-bbbb-cccc-444455556666' },
  ],
  'aws-not-authorized-assume-role': [{ service: 'AWSSecurityTokenService', statusCode: 403, errorCode: 'AccessDenied' }],
  'aws-region-disabled': [{ service: 'AWSSecurityTokenService', statusCode: 403, errorCode: 'RegionDisabledException' }],
  'aws-expired-token': [{ service: 'AWSSecurityTokenService', statusCode: 400, errorCode: 'ExpiredTokenException' }],
};

/** A classified error page with a realistic excerpt. */
export function errorPage(
  classification: PageClassification,
  overrides: { readonly excerpt?: string; readonly title?: string; readonly serviceErrors?: readonly ServiceErrorDetails[]; readonly roleArn?: string } = {},
): PageReading {
  const serviceErrors = overrides.serviceErrors ?? PAGE_ERRORS[classification];
  return {
    classification,
    excerpt: overrides.excerpt ?? PAGE_TEXT[classification],
    ...(overrides.title === undefined ? {} : { title: overrides.title }),
    ...(serviceErrors === undefined ? {} : { serviceErrors }),
    ...(overrides.roleArn === undefined ? {} : { roleArn: overrides.roleArn }),
  };
}

/** A DiagnosisContext evaluated 3 s after the default IssueInstant, plus overrides. */
export function testContext(overrides: Partial<DiagnosisContext> = {}): DiagnosisContext {
  return { now: new Date(Date.parse(TEST_DEFAULTS.issueInstant) + 3000).toISOString(), ...overrides };
}

// ---------------------------------------------------------------------------------------------
// internals

function resolveFields(overrides: ResponseOverrides): ResponseFields {
  const issueInstant = overrides.issueInstant ?? TEST_DEFAULTS.issueInstant;
  const at = (offsetSeconds: number): string => new Date(Date.parse(issueInstant) + offsetSeconds * 1000).toISOString();
  const issuer = overrides.issuer ?? TEST_DEFAULTS.issuer;
  return {
    responseId: overrides.responseId ?? '_a1b2c3d4e5f60718293a4b5c6d7e8f901772445600000',
    assertionId: overrides.assertionId ?? '_f9e8d7c6b5a4938271605f4e3d2c1b0a1772445600000',
    issueInstant,
    issuer,
    assertionIssuer: overrides.assertionIssuer ?? issuer,
    destination: overrides.destination ?? TEST_DEFAULTS.samlEndpoint,
    recipient: overrides.recipient ?? overrides.destination ?? TEST_DEFAULTS.samlEndpoint,
    audiences: overrides.audiences ?? [TEST_DEFAULTS.audience],
    nameId: overrides.nameId ?? TEST_DEFAULTS.nameId,
    nameIdFormat: overrides.nameIdFormat ?? TEST_DEFAULTS.nameIdFormat,
    notBefore: overrides.notBefore ?? at(-30),
    notOnOrAfter: overrides.notOnOrAfter ?? at(300),
    subjectNotOnOrAfter: overrides.subjectNotOnOrAfter ?? at(300),
    authnInstant: overrides.authnInstant ?? issueInstant,
    sessionNotOnOrAfter: overrides.sessionNotOnOrAfter ?? at(12 * 3600),
    statusCode: overrides.statusCode ?? 'urn:oasis:names:tc:SAML:2.0:status:Success',
    roles: overrides.roles ?? [`${TEST_DEFAULTS.roleArn},${TEST_DEFAULTS.providerArn}`],
    roleSessionName: overrides.roleSessionName ?? TEST_DEFAULTS.roleSessionName,
    sessionDuration: overrides.sessionDuration ?? '',
    attributes: overrides.attributes ?? {},
    omitAttributes: overrides.omitAttributes ?? [],
  };
}

function assertionXml(fields: ResponseFields, extra: string): string {
  const attributes = new Map<string, readonly string[]>();
  attributes.set(ROLE_ATTRIBUTE, fields.roles);
  attributes.set(ROLE_SESSION_NAME_ATTRIBUTE, typeof fields.roleSessionName === 'string' ? [fields.roleSessionName] : fields.roleSessionName);
  if (fields.sessionDuration !== '') attributes.set(SESSION_DURATION_ATTRIBUTE, [fields.sessionDuration]);
  for (const [name, value] of Object.entries(fields.attributes)) attributes.set(name, typeof value === 'string' ? [value] : value);
  for (const name of fields.omitAttributes) attributes.delete(name);

  const attributeXml = [...attributes]
    .map(
      ([name, values]) =>
        `<saml:Attribute Name="${esc(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri">` +
        values.map((value) => `<saml:AttributeValue xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="xs:string">${esc(value)}</saml:AttributeValue>`).join('') +
        `</saml:Attribute>`,
    )
    .join('');
  const audiences = fields.audiences.map((audience) => `<saml:Audience>${esc(audience)}</saml:Audience>`).join('');
  return (
    `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${esc(fields.assertionId)}" IssueInstant="${esc(fields.issueInstant)}" Version="2.0">` +
    `<saml:Issuer Format="urn:oasis:names:tc:SAML:2.0:nameid-format:entity">${esc(fields.assertionIssuer)}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="${esc(fields.nameIdFormat)}">${esc(fields.nameId)}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${esc(fields.subjectNotOnOrAfter)}" Recipient="${esc(fields.recipient)}"/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${esc(fields.notBefore)}" NotOnOrAfter="${esc(fields.notOnOrAfter)}"><saml:AudienceRestriction>${audiences}</saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${esc(fields.authnInstant)}" SessionNotOnOrAfter="${esc(fields.sessionNotOnOrAfter)}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:unspecified</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    `<saml:AttributeStatement>${attributeXml}</saml:AttributeStatement>` +
    extra +
    `</saml:Assertion>`
  );
}

function encryptedAssertionXml(): string {
  return (
    `<saml:EncryptedAssertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">` +
    `<xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#" Type="http://www.w3.org/2001/04/xmlenc#Element">` +
    `<xenc:EncryptionMethod Algorithm="http://www.w3.org/2009/xmlenc11#aes256-gcm"/>` +
    `<ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><xenc:EncryptedKey><xenc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"/>` +
    `<xenc:CipherData><xenc:CipherValue>${Buffer.from('opaque key material for tests').toString('base64')}</xenc:CipherValue></xenc:CipherData></xenc:EncryptedKey></ds:KeyInfo>` +
    `<xenc:CipherData><xenc:CipherValue>${Buffer.from('opaque assertion ciphertext for tests').toString('base64')}</xenc:CipherValue></xenc:CipherData>` +
    `</xenc:EncryptedData></saml:EncryptedAssertion>`
  );
}

const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';

function signElement(xml: string, id: string, afterXpath: string, signer: TestIdp, keyInfo: TestIdp, algorithm: 'sha1' | 'sha256'): string {
  const signed = new SignedXml({
    privateKey: signer.privateKeyPem,
    publicCert: keyInfo.certificatePem,
    canonicalizationAlgorithm: EXC_C14N,
    signatureAlgorithm: algorithm === 'sha1' ? 'http://www.w3.org/2000/09/xmldsig#rsa-sha1' : 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  });
  signed.addReference({
    xpath: `//*[@ID='${id}']`,
    transforms: [ENVELOPED, EXC_C14N],
    digestAlgorithm: algorithm === 'sha1' ? 'http://www.w3.org/2000/09/xmldsig#sha1' : 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  // SAML core §5.4.1 / schema: the enveloped ds:Signature sits right after the element's Issuer.
  signed.computeSignature(xml, { prefix: 'ds', location: { reference: afterXpath, action: 'after' } });
  return signed.getSignedXml();
}

/** XSW: an unsigned forged copy of the assertion (other ID and RoleSessionName) before the signed one. */
function wrapAssertion(xml: string, fields: ResponseFields): string {
  const start = xml.indexOf('<saml:Assertion ');
  const end = xml.indexOf('</saml:Assertion>') + '</saml:Assertion>'.length;
  if (start < 0 || end < start) throw new Error('wrap: no assertion to wrap');
  const original = xml.slice(start, end);
  const session = typeof fields.roleSessionName === 'string' ? fields.roleSessionName : (fields.roleSessionName[0] ?? '');
  const forged = original
    .replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/, '')
    .replace(`ID="${fields.assertionId}"`, `ID="${fields.assertionId}-forged"`)
    .replace(`>${esc(session)}<`, `>mallory@${TEST_DEFAULTS.userId}@${TEST_DEFAULTS.orgId}<`);
  return xml.slice(0, start) + forged + xml.slice(start);
}

function tamperWith(xml: string, fields: ResponseFields): string {
  const session = typeof fields.roleSessionName === 'string' ? fields.roleSessionName : (fields.roleSessionName[0] ?? '');
  const target = `>${esc(session)}</saml:AttributeValue>`;
  if (xml.includes(target)) return xml.replace(target, `>${esc(session)}x</saml:AttributeValue>`);
  return xml.replace(`>${esc(fields.nameId)}</saml:NameID>`, `>${esc(fields.nameId)}x</saml:NameID>`);
}

function inferCloseReason(last: Hop | undefined): FlowCloseReason {
  if (last === undefined) return 'input-ended';
  if (last.networkError !== undefined) return 'network-error';
  if (last.page !== undefined && last.page.classification !== 'aws-role-selection') return 'error-page';
  if (last.kind === 'connect-app') return 'reached-connect';
  return 'input-ended';
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function toPem(der: Uint8Array, label: string): string {
  const body = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').trimEnd();
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

async function fingerprint(der: Uint8Array, hash: 'SHA-1' | 'SHA-256'): Promise<string> {
  const digest = new Uint8Array(await webcrypto.subtle.digest(hash, der));
  return [...digest].map((byte) => byte.toString(16).padStart(2, '0').toUpperCase()).join(':');
}

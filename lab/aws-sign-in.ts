import { randomUUID } from 'node:crypto';
import { DOMParser, XMLSerializer, type Element } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import type { IdpCertificateName, LabCertificate } from './lab-keys.ts';
import type { AwsAccountConfig, AwsRoleConfig, AwsSamlProviderConfig } from './scenarios.ts';

const SAMLP = 'urn:oasis:names:tc:SAML:2.0:protocol';
const SAML = 'urn:oasis:names:tc:SAML:2.0:assertion';
const DSIG = 'http://www.w3.org/2000/09/xmldsig#';
const ROLE = 'https://aws.amazon.com/SAML/Attributes/Role';
const ROLE_SESSION_NAME = 'https://aws.amazon.com/SAML/Attributes/RoleSessionName';
const SESSION_DURATION = 'https://aws.amazon.com/SAML/Attributes/SessionDuration';
/** Audiences STS accepts besides the regional endpoint that was posted to (IAM create_saml_assertions). */
const FIXED_AUDIENCES = ['https://signin.aws.amazon.com/saml', 'urn:amazon:webservices'];
/** STS allows this much clock difference on NotBefore / NotOnOrAfter. */
const ALLOWED_SKEW_MS = 5 * 60 * 1000;
const MAX_SAML_RESPONSE_CHARS = 100_000;
const ROLE_SESSION_NAME_PATTERN = /^[\w+=,.@-]{2,64}$/;
const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/([\w+=,.@/-]+)$/;
const PROVIDER_ARN = /^arn:aws:iam::(\d{12}):saml-provider\/([\w.-]+)$/;

/** A session the sign-in endpoint created after AssumeRoleWithSAML succeeded. */
export interface FederatedSession {
  readonly id: string;
  readonly accountId: string;
  readonly roleName: string;
  readonly roleArn: string;
  readonly providerArn: string;
  readonly roleSessionName: string;
  readonly createdAt: Date;
}

export interface SignInRequest {
  readonly samlResponse: string | undefined;
  readonly relayState: string | undefined;
  /** The sign-in endpoint that was posted to. */
  readonly endpoint: { readonly origin: string; readonly region: string };
  /** AWS's clock. */
  readonly now: Date;
}

export interface SignInContext {
  readonly accountId: string;
  readonly aws: AwsAccountConfig;
  readonly certificates: Readonly<Record<IdpCertificateName, LabCertificate>>;
}

export type SignInDecision =
  | { readonly ok: true; readonly session: FederatedSession; readonly redirect: string }
  | { readonly ok: false; readonly status: number; readonly kind: 'invalid-saml-response' | 'sts-error'; readonly message: string };

function invalidSamlResponse(): SignInDecision {
  // IAM troubleshoot_saml, first entry; the sign-in page renders it before calling STS.
  return { ok: false, status: 200, kind: 'invalid-saml-response', message: 'Your request included an invalid SAML response. To logout, click here.' };
}

function stsSuffix(status: number, code: string): string {
  return `(Service: AWSSecurityTokenService; Status Code: ${status}; Error Code: ${code}; Request ID: ${randomUUID()}; Proxy: null)`;
}

/** An STS error as the sign-in page shows it (the shape quoted in Salesforce KB 005316458). */
function stsError(status: number, code: string, text: string): SignInDecision {
  return { ok: false, status, kind: 'sts-error', message: `${text} ${stsSuffix(status, code)}. Please try again.` };
}

function childElements(parent: Element, namespace: string, localName: string): Element[] {
  const found: Element[] = [];
  for (let node = parent.firstChild; node !== null; node = node.nextSibling) {
    if (node.nodeType === node.ELEMENT_NODE) {
      const element = node as Element; // -- reason: nodeType ELEMENT_NODE guarantees an Element
      if (element.namespaceURI === namespace && element.localName === localName) found.push(element);
    }
  }
  return found;
}

function firstChild(parent: Element | undefined, namespace: string, localName: string): Element | undefined {
  return parent === undefined ? undefined : childElements(parent, namespace, localName)[0];
}

function readAttributes(assertion: Element): Map<string, string[]> {
  const attributes = new Map<string, string[]>();
  for (const statement of childElements(assertion, SAML, 'AttributeStatement')) {
    for (const attribute of childElements(statement, SAML, 'Attribute')) {
      const name = attribute.getAttribute('Name') ?? '';
      const values = childElements(attribute, SAML, 'AttributeValue').map((v) => v.textContent ?? '');
      attributes.set(name, [...(attributes.get(name) ?? []), ...values]);
    }
  }
  return attributes;
}

function decodeBase64(value: string): string | undefined {
  const compact = value.replace(/\s+/g, '');
  if (compact.length === 0 || compact.length > MAX_SAML_RESPONSE_CHARS || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined;
  return Buffer.from(compact, 'base64').toString('utf8');
}

function parseResponse(xml: string): Element | undefined {
  if (/<!DOCTYPE/i.test(xml)) return undefined;
  const parse = { failed: false };
  const parser = new DOMParser({
    onError: (level) => {
      if (level !== 'warning') parse.failed = true;
    },
  });
  try {
    const root = parser.parseFromString(xml, 'text/xml').documentElement ?? undefined;
    if (parse.failed || root?.namespaceURI !== SAMLP || root.localName !== 'Response') return undefined;
    return root;
  } catch {
    return undefined;
  }
}

/**
 * Checks one enveloped signature with the metadata certificate only (never a certificate the
 * message carries), and that its single reference is the element it sits in.
 */
function signatureHolds(signature: Element, parent: Element, xml: string, certificatePem: string): boolean {
  const verifier = new SignedXml({ publicCert: certificatePem, getCertFromKeyInfo: () => null });
  try {
    verifier.loadSignature(new XMLSerializer().serializeToString(signature));
    if (!verifier.checkSignature(xml)) return false;
  } catch {
    return false;
  }
  const references = verifier.getReferences();
  const id = parent.getAttribute('ID');
  return references.length === 1 && id !== null && references[0]?.uri === `#${id}`;
}

function matchesGlob(pattern: string, value: string): boolean {
  const regex = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*')}$`);
  return regex.test(value);
}

function timeOf(element: Element | undefined, attribute: string): number | undefined {
  const text = element?.getAttribute(attribute);
  if (text === null || text === undefined) return undefined;
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : time;
}

interface RolePair {
  readonly roleArn: string;
  readonly roleAccount: string;
  readonly roleName: string;
  readonly providerArn: string;
  readonly providerAccount: string;
  readonly providerName: string;
}

/** A Role value is `role-arn,provider-arn` in either order (IAM create_saml_assertions). */
function readRolePair(value: string): RolePair | undefined {
  if (value !== value.trim()) return undefined;
  const parts = value.split(',');
  if (parts.length !== 2) return undefined;
  const role = parts.map((p) => ROLE_ARN.exec(p)).find((m) => m !== null);
  const provider = parts.map((p) => PROVIDER_ARN.exec(p)).find((m) => m !== null);
  if (!role?.[1] || !role[2] || !provider?.[1] || !provider[2]) return undefined;
  return { roleArn: role[0], roleAccount: role[1], roleName: role[2], providerArn: provider[0], providerAccount: provider[1], providerName: provider[2] };
}

/**
 * What AWS sign-in does with `POST /saml`: the sign-in page reads the Role attribute, then STS
 * AssumeRoleWithSAML validates the assertion against the account's own configuration (provider
 * metadata, role trust policy, role limits, region). The checks and their order follow the IAM
 * "Troubleshoot SAML 2.0 federation" page and the STS API reference; where AWS documents no text,
 * the lab's wording is its own.
 */
export function signInWithSaml(request: SignInRequest, context: SignInContext): SignInDecision {
  if (request.samlResponse === undefined) return invalidSamlResponse();
  const xml = decodeBase64(request.samlResponse);
  if (xml === undefined) return invalidSamlResponse();
  const response = parseResponse(xml);
  if (response === undefined) return invalidSamlResponse();
  const assertions = childElements(response, SAML, 'Assertion');
  const assertion = assertions[0];
  if (assertion === undefined || assertions.length !== 1) return invalidSamlResponse();
  const attributes = readAttributes(assertion);

  // The sign-in page needs a usable Role value before it can call STS.
  const roleValues = attributes.get(ROLE) ?? [];
  const pair = roleValues[0] === undefined ? undefined : readRolePair(roleValues[0]);
  if (pair === undefined) return invalidSamlResponse();
  const sessionNames = attributes.get(ROLE_SESSION_NAME);
  // Leading or trailing whitespace in an attribute value gives the generic page (seed 004, error 1).
  if (sessionNames?.some((name) => name !== name.trim())) return invalidSamlResponse();

  const { aws, accountId } = context;
  if (aws.disabledStsRegions.includes(request.endpoint.region)) {
    return stsError(
      403,
      'RegionDisabledException',
      `STS is not activated in this region for account:${accountId}. Your account administrator can activate STS in this region using the IAM Console.`,
    );
  }

  const provider: AwsSamlProviderConfig | undefined =
    pair.providerAccount === accountId ? aws.samlProviders.find((p) => p.name === pair.providerName) : undefined;
  if (provider === undefined) return stsError(400, 'InvalidIdentityToken', "Specified provider doesn't exist.");

  const issuer = (firstChild(response, SAML, 'Issuer') ?? firstChild(assertion, SAML, 'Issuer'))?.textContent?.trim();
  if (issuer !== provider.entityId) {
    const discovery = `(Service: AWSOpenIdDiscoveryService; Status Code: 400; Error Code: AuthSamlInvalidSamlResponseException; Request ID: ${randomUUID()}; Proxy: null)`;
    return {
      ok: false,
      status: 400,
      kind: 'sts-error',
      message: `Issuer not present in specified provider ${discovery} ${stsSuffix(400, 'InvalidIdentityToken')}. Please try again.`,
    };
  }

  const certificate = context.certificates[provider.certificate];
  const signed = [
    ...childElements(response, DSIG, 'Signature').map((signature) => ({ signature, parent: response })),
    ...childElements(assertion, DSIG, 'Signature').map((signature) => ({ signature, parent: assertion })),
  ];
  const certificateExpired = request.now.getTime() > certificate.notAfter.getTime();
  if (
    signed.length === 0 ||
    !signed.every(({ signature, parent }) => signatureHolds(signature, parent, xml, certificate.certificatePem)) ||
    (aws.rejectExpiredSigningCertificate && certificateExpired)
  ) {
    return stsError(400, 'InvalidIdentityToken', 'Response signature invalid');
  }

  const now = request.now.getTime();
  const conditions = firstChild(assertion, SAML, 'Conditions');
  const subject = firstChild(assertion, SAML, 'Subject');
  const confirmationData = firstChild(firstChild(subject, SAML, 'SubjectConfirmation'), SAML, 'SubjectConfirmationData');
  const notBefore = timeOf(conditions, 'NotBefore');
  if (notBefore !== undefined && now + ALLOWED_SKEW_MS < notBefore) {
    return stsError(400, 'InvalidIdentityToken', 'Response is not yet valid');
  }
  const deadlines = [timeOf(conditions, 'NotOnOrAfter'), timeOf(confirmationData, 'NotOnOrAfter')].filter((t) => t !== undefined);
  if (deadlines.length === 0 || deadlines.some((deadline) => now - ALLOWED_SKEW_MS >= deadline)) {
    return stsError(400, 'ExpiredTokenException', 'Response has expired');
  }

  const audiences = childElements(conditions ?? response, SAML, 'AudienceRestriction').flatMap((restriction) =>
    childElements(restriction, SAML, 'Audience').map((a) => a.textContent?.trim() ?? ''),
  );
  const accepted = [...FIXED_AUDIENCES, `${request.endpoint.origin}/saml`];
  if (!audiences.some((audience) => accepted.includes(audience))) {
    return stsError(400, 'InvalidIdentityToken', 'Response does not contain the required audience.');
  }

  const sessionName = sessionNames?.[0];
  if (sessionName === undefined || sessionName === '') {
    return stsError(400, 'InvalidIdentityToken', 'RoleSessionName is required in AuthnResponse');
  }
  if (!ROLE_SESSION_NAME_PATTERN.test(sessionName)) {
    return stsError(400, 'InvalidIdentityToken', 'RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}');
  }

  // The trust policy's SAML:aud is the Recipient the assertion was confirmed for.
  const recipient = confirmationData?.getAttribute('Recipient') ?? '';
  const nameId = firstChild(subject, SAML, 'NameID')?.textContent?.trim() ?? '';
  const role: AwsRoleConfig | undefined = pair.roleAccount === accountId ? aws.roles.find((r) => r.name === pair.roleName) : undefined;
  if (
    role === undefined ||
    nameId === '' ||
    !role.trustedProviders.includes(provider.name) ||
    !role.samlAudiences.some((pattern) => matchesGlob(pattern, recipient))
  ) {
    return stsError(403, 'AccessDenied', 'Not authorized to perform sts:AssumeRoleWithSAML');
  }

  const duration = attributes.get(SESSION_DURATION)?.[0];
  if (duration !== undefined) {
    const seconds = Number(duration);
    if (!Number.isInteger(seconds) || seconds > role.maxSessionDurationSeconds || seconds > 43200) {
      return stsError(400, 'ValidationError', 'Requested DurationSeconds exceeds MaxSessionDuration set for this role.');
    }
  }

  const session: FederatedSession = {
    id: randomUUID(),
    accountId,
    roleName: role.name,
    roleArn: pair.roleArn,
    providerArn: pair.providerArn,
    roleSessionName: sessionName,
    createdAt: request.now,
  };
  const redirect =
    request.relayState === undefined || request.relayState === ''
      ? `https://${request.endpoint.region}.console.aws.amazon.com/console/home`
      : request.relayState;
  return { ok: true, session, redirect };
}

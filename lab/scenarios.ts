import type { IdpCertificateName } from './lab-keys.ts';

/**
 * How the lab's Salesforce org is configured. String values may hold `{placeholders}` filled from
 * the lab identity (see fillTemplate).
 */
export interface SalesforceIdpConfig {
  /** The user's profile or a permission set grants the contact center's SSO connected app. */
  readonly userHasAppAccess: boolean;
  /** Certificate selected in the connected app; `deleted` = it points at a deleted certificate. */
  readonly signingCertificate: IdpCertificateName | 'deleted';
  readonly issuer: string;
  /** ACS URL: where the form posts, and the Destination / Recipient of the response. */
  readonly acsUrl: string;
  readonly audience: string;
  readonly signatureAlgorithm: 'rsa-sha256' | 'rsa-sha1';
  readonly signedElements: 'response-and-assertion' | 'assertion' | 'response' | 'none';
  /** Change an attribute value after signing, as a rewriting proxy would. */
  readonly tamperAfterSigning: boolean;
  /** Salesforce's clock error: shifts IssueInstant and every validity time. */
  readonly clockOffsetSeconds: number;
  /** Values of the AWS Role attribute; `null` leaves the attribute out. */
  readonly roleValues: readonly string[] | null;
  /** Value of the RoleSessionName attribute; `null` leaves the attribute out. */
  readonly roleSessionName: string | null;
  /** Value of the SessionDuration attribute; `null` leaves it out (Salesforce does not send it). */
  readonly sessionDurationSeconds: number | null;
}

/** An IAM SAML identity provider: the metadata uploaded to AWS. */
export interface AwsSamlProviderConfig {
  readonly name: string;
  readonly entityId: string;
  readonly certificate: IdpCertificateName;
}

export interface AwsRoleConfig {
  readonly name: string;
  /** Provider names the trust policy allows `sts:AssumeRoleWithSAML` from. */
  readonly trustedProviders: readonly string[];
  /** `SAML:aud` values the trust policy's condition accepts (`*` matches any run of characters). */
  readonly samlAudiences: readonly string[];
  readonly maxSessionDurationSeconds: number;
  /** An attached policy allows `connect:GetFederationToken` on the instance. */
  readonly connectGetFederationToken: boolean;
}

/** How the lab's AWS account is configured. */
export interface AwsAccountConfig {
  readonly samlProviders: readonly AwsSamlProviderConfig[];
  readonly roles: readonly AwsRoleConfig[];
  /** Regions where STS is not activated for the account. */
  readonly disabledStsRegions: readonly string[];
  /** AWS's clock error, seen in its `Date` headers and used to judge validity times. */
  readonly clockOffsetSeconds: number;
  /**
   * Reject a signature made with an expired certificate. Off by default: Salesforce says an
   * expired contact center certificate "doesn't break anything" (seed 003), so the lab's STS only
   * compares the signature with the metadata key.
   */
  readonly rejectExpiredSigningCertificate: boolean;
}

/** How the lab's Amazon Connect instance is configured. */
export interface ConnectInstanceConfig {
  /** Connect usernames (matched case-sensitively against RoleSessionName). */
  readonly usernames: readonly string[];
  /** Host the federation sends the browser to; a host outside the resolver rules fails to resolve. */
  readonly ccpHost: string;
  /** Role this user last federated through; a different role now gets "Bad Request". */
  readonly previousSignInRole: string | null;
  /** The Connect session is already over when the CCP loads (a session past its lifetime). */
  readonly sessionAlreadyExpired: boolean;
}

export interface LabScenarioConfig {
  readonly salesforce: SalesforceIdpConfig;
  readonly aws: AwsAccountConfig;
  readonly connect: ConnectInstanceConfig;
}

/** Where the flow started from the Telephony Provider Settings link ends, and what it shows. */
export type LabOutcome =
  | {
      readonly stage: 'salesforce' | 'sign-in' | 'console' | 'connect';
      readonly status: number;
      /** A sentence of the final page's text. */
      readonly text: string;
    }
  | { readonly stage: 'unresolvable'; readonly host: string };

export interface LabScenario {
  readonly description: string;
  /** The DESIGN.md scenario catalog id this configuration demonstrates. */
  readonly catalogId: string;
  readonly outcome: LabOutcome;
  readonly config: LabScenarioConfig;
}

const ROLE_NAME = '{contactCenter}-SAMLRole';
const PROVIDER_NAME = 'SalesforceVoiceIdp_{orgId}';
const ROLE_ARN = `arn:aws:iam::{account}:role/${ROLE_NAME}`;
const PROVIDER_ARN = `arn:aws:iam::{account}:saml-provider/${PROVIDER_NAME}`;
const GLOBAL_ACS = 'https://signin.aws.amazon.com/saml';
const VOICE_ROLE_SESSION_NAME = '{alias}@{userId}@{orgId}';

const HEALTHY: LabScenarioConfig = {
  salesforce: {
    userHasAppAccess: true,
    signingCertificate: 'current',
    issuer: 'https://{myDomain}.my.salesforce.com',
    acsUrl: GLOBAL_ACS,
    audience: GLOBAL_ACS,
    signatureAlgorithm: 'rsa-sha256',
    signedElements: 'response-and-assertion',
    tamperAfterSigning: false,
    clockOffsetSeconds: 0,
    roleValues: [`${ROLE_ARN},${PROVIDER_ARN}`],
    roleSessionName: VOICE_ROLE_SESSION_NAME,
    sessionDurationSeconds: null,
  },
  aws: {
    samlProviders: [{ name: PROVIDER_NAME, entityId: 'https://{myDomain}.my.salesforce.com', certificate: 'current' }],
    roles: [
      {
        name: ROLE_NAME,
        trustedProviders: [PROVIDER_NAME],
        samlAudiences: [GLOBAL_ACS],
        maxSessionDurationSeconds: 43200,
        connectGetFederationToken: true,
      },
    ],
    disabledStsRegions: ['eu-south-2'],
    clockOffsetSeconds: 0,
    rejectExpiredSigningCertificate: false,
  },
  connect: {
    usernames: [VOICE_ROLE_SESSION_NAME, 'mchen@0058d00000B9cRtAAJ@{orgId}'],
    ccpHost: '{myDomain}.my.connect.aws',
    previousSignInRole: null,
    sessionAlreadyExpired: false,
  },
};

interface Faults {
  readonly salesforce?: Partial<SalesforceIdpConfig>;
  readonly aws?: Partial<AwsAccountConfig>;
  readonly connect?: Partial<ConnectInstanceConfig>;
}

function withFaults(faults: Faults): LabScenarioConfig {
  return {
    salesforce: { ...HEALTHY.salesforce, ...faults.salesforce },
    aws: { ...HEALTHY.aws, ...faults.aws },
    connect: { ...HEALTHY.connect, ...faults.connect },
  };
}

function withRole(changes: Partial<AwsRoleConfig>): Partial<AwsAccountConfig> {
  return { roles: HEALTHY.aws.roles.map((role) => ({ ...role, ...changes })) };
}

const CCP_LOADED: LabOutcome = { stage: 'connect', status: 200, text: 'Contact Control Panel' };
const INVALID_SAML_RESPONSE: LabOutcome = { stage: 'sign-in', status: 200, text: 'Your request included an invalid SAML response.' };
const SIGNATURE_INVALID: LabOutcome = { stage: 'sign-in', status: 400, text: 'Response signature invalid' };
const NOT_ONBOARDED: LabOutcome = {
  stage: 'console',
  status: 403,
  text: 'Your account has been authenticated, but has not been onboarded to this application.',
};
const ASSUME_ROLE_DENIED: LabOutcome = { stage: 'sign-in', status: 403, text: 'Not authorized to perform sts:AssumeRoleWithSAML' };

const scenarios = {
  'sso-healthy': {
    description: 'Everything is configured right: the link ends in the Connect CCP.',
    catalogId: 'sso-healthy',
    outcome: CCP_LOADED,
    config: HEALTHY,
  },
  'sf-insufficient-privileges': {
    description: 'Neither profile nor permission set gives the user the SSO connected app.',
    catalogId: 'sf-insufficient-privileges',
    outcome: { stage: 'salesforce', status: 200, text: 'Insufficient Privileges' },
    config: withFaults({ salesforce: { userHasAppAccess: false } }),
  },
  'sf-data-not-available': {
    description: "The certificate chosen in the connected app was deleted, so Salesforce cannot build the response.",
    catalogId: 'sf-data-not-available',
    outcome: { stage: 'salesforce', status: 200, text: 'Data Not Available' },
    config: withFaults({ salesforce: { signingCertificate: 'deleted' } }),
  },
  'aws-signature-invalid': {
    description: "Salesforce signs with a new certificate; AWS's metadata still holds the old one.",
    catalogId: 'aws-signature-invalid',
    outcome: SIGNATURE_INVALID,
    config: withFaults({ salesforce: { signingCertificate: 'rotated' } }),
  },
  'aws-signature-invalid-tampered': {
    description: 'The response is altered after Salesforce signed it, so no digest matches.',
    catalogId: 'aws-signature-invalid',
    outcome: SIGNATURE_INVALID,
    config: withFaults({ salesforce: { tamperAfterSigning: true } }),
  },
  'aws-issuer-mismatch': {
    description: "The connected app's Issuer field is filled in, so the Issuer is not the My Domain entityID AWS knows.",
    catalogId: 'aws-issuer-mismatch',
    outcome: { stage: 'sign-in', status: 400, text: 'Issuer not present in specified provider' },
    config: withFaults({ salesforce: { issuer: 'https://{myDomain}.my.salesforce.com/{contactCenter}' } }),
  },
  'connect-not-onboarded': {
    description: 'AWS accepts the assertion but no Connect user is named like the RoleSessionName.',
    catalogId: 'connect-not-onboarded',
    outcome: NOT_ONBOARDED,
    config: withFaults({ connect: { usernames: ['mchen@0058d00000B9cRtAAJ@{orgId}'] } }),
  },
  'connect-username-case-mismatch': {
    description: 'The Connect username is the RoleSessionName in lower case; Connect compares case-sensitively.',
    catalogId: 'connect-username-case-mismatch',
    outcome: NOT_ONBOARDED,
    config: withFaults({ connect: { usernames: ['{lower:alias}@{lower:userId}@{lower:orgId}'] } }),
  },
  'connect-federation-token-denied': {
    description: 'The IAM role has no policy allowing connect:GetFederationToken.',
    catalogId: 'connect-federation-token-denied',
    outcome: { stage: 'console', status: 403, text: 'Access denied, Please contact your AWS account administrator for assistance.' },
    config: withFaults({ aws: withRole({ connectGetFederationToken: false }) }),
  },
  'connect-bad-request': {
    description: 'Connect remembers this user signing in through another role.',
    catalogId: 'connect-bad-request',
    outcome: { stage: 'console', status: 400, text: 'The request was not valid and could not be processed.' },
    config: withFaults({ connect: { previousSignInRole: '{contactCenter}-AdminSAMLRole' } }),
  },
  'connect-session-expired': {
    description: 'Federation succeeds but the Connect session is already over when the CCP loads.',
    catalogId: 'connect-session-expired',
    outcome: { stage: 'connect', status: 200, text: 'Session Expired' },
    config: withFaults({ connect: { sessionAlreadyExpired: true } }),
  },
  'connect-ccp-unreachable': {
    description: 'Federation succeeds but sends the browser to a CCP host that does not resolve.',
    catalogId: 'connect-ccp-unreachable',
    outcome: { stage: 'unresolvable', host: 'acme-voice-broken.my.connect.aws' },
    config: withFaults({ connect: { ccpHost: '{myDomain}-broken.my.connect.aws' } }),
  },
  'aws-role-attribute-missing': {
    description: 'The response has no https://aws.amazon.com/SAML/Attributes/Role attribute.',
    catalogId: 'aws-role-attribute-missing',
    outcome: INVALID_SAML_RESPONSE,
    config: withFaults({ salesforce: { roleValues: null } }),
  },
  'aws-role-arn-malformed': {
    description: 'The Role value holds only the role ARN, not a role,provider pair.',
    catalogId: 'aws-role-arn-malformed',
    outcome: INVALID_SAML_RESPONSE,
    config: withFaults({ salesforce: { roleValues: [ROLE_ARN] } }),
  },
  'aws-attribute-whitespace': {
    description: 'The RoleSessionName formula leaves a trailing space.',
    catalogId: 'aws-attribute-whitespace',
    outcome: INVALID_SAML_RESPONSE,
    config: withFaults({ salesforce: { roleSessionName: `${VOICE_ROLE_SESSION_NAME} ` } }),
  },
  'aws-rolesessionname-missing': {
    description: 'The response has no RoleSessionName attribute.',
    catalogId: 'aws-rolesessionname-missing',
    outcome: { stage: 'sign-in', status: 400, text: 'RoleSessionName is required in AuthnResponse' },
    config: withFaults({ salesforce: { roleSessionName: null } }),
  },
  'aws-rolesessionname-invalid': {
    description: "The RoleSessionName formula uses the user's full name, which has a space.",
    catalogId: 'aws-rolesessionname-invalid',
    outcome: { stage: 'sign-in', status: 400, text: 'RoleSessionName in AuthnResponse must match' },
    config: withFaults({ salesforce: { roleSessionName: '{displayName}@{orgId}' } }),
  },
  'aws-assume-role-denied': {
    description: "The role's trust policy names another SAML provider.",
    catalogId: 'aws-assume-role-denied',
    outcome: ASSUME_ROLE_DENIED,
    config: withFaults({ aws: withRole({ trustedProviders: ['SalesforceServiceVoiceIdp'] }) }),
  },
  'aws-audience-mismatch': {
    description: 'The Audience is the contact center name instead of the AWS sign-in URL.',
    catalogId: 'aws-audience-mismatch',
    outcome: { stage: 'sign-in', status: 400, text: 'Response does not contain the required audience.' },
    config: withFaults({ salesforce: { audience: '{contactCenter}' } }),
  },
  'aws-duration-exceeds-max': {
    description: 'The response asks for a 50000 s session; the role allows 43200 s.',
    catalogId: 'aws-duration-exceeds-max',
    outcome: { stage: 'sign-in', status: 400, text: 'Requested DurationSeconds exceeds MaxSessionDuration set for this role.' },
    config: withFaults({ salesforce: { sessionDurationSeconds: 50000 } }),
  },
  'aws-provider-not-found': {
    description: "The Role value's provider ARN uses the 15-character org id; IAM's provider uses the 18-character one.",
    catalogId: 'aws-provider-not-found',
    outcome: { stage: 'sign-in', status: 400, text: "Specified provider doesn't exist." },
    config: withFaults({
      salesforce: { roleValues: [`${ROLE_ARN},arn:aws:iam::{account}:saml-provider/SalesforceVoiceIdp_{orgId15}`] },
    }),
  },
  'saml-assertion-expired': {
    description: "AWS's clock runs 15 minutes ahead, so the assertion has expired when it arrives.",
    catalogId: 'saml-assertion-expired',
    outcome: { stage: 'sign-in', status: 400, text: 'ExpiredTokenException' },
    config: withFaults({ aws: { clockOffsetSeconds: 900 } }),
  },
  'saml-clock-skew': {
    description: "Salesforce's clock runs 10 minutes ahead, so the assertion is not yet valid at AWS.",
    catalogId: 'saml-clock-skew',
    outcome: { stage: 'sign-in', status: 400, text: 'is not yet valid' },
    config: withFaults({ salesforce: { clockOffsetSeconds: 600 } }),
  },
  'idp-cert-expired': {
    description: "Salesforce signs with an expired certificate that AWS's metadata also holds; AWS accepts it.",
    catalogId: 'idp-cert-expired',
    outcome: CCP_LOADED,
    config: withFaults({
      salesforce: { signingCertificate: 'expired' },
      aws: { samlProviders: HEALTHY.aws.samlProviders.map((p) => ({ ...p, certificate: 'expired' as const })) },
    }),
  },
  'saml-unsigned-response': {
    description: 'Salesforce sends the response without any signature.',
    catalogId: 'saml-unsigned-response',
    outcome: SIGNATURE_INVALID,
    config: withFaults({ salesforce: { signedElements: 'none' } }),
  },
  'saml-sha1-signature': {
    description: 'Salesforce signs with RSA-SHA1; AWS still accepts it.',
    catalogId: 'saml-sha1-signature',
    outcome: CCP_LOADED,
    config: withFaults({ salesforce: { signatureAlgorithm: 'rsa-sha1' } }),
  },
  'aws-sts-region-disabled': {
    description: 'The ACS URL is the eu-south-2 sign-in endpoint, where STS is not activated.',
    catalogId: 'aws-sts-region-disabled',
    outcome: { stage: 'sign-in', status: 403, text: 'STS is not activated in this region' },
    config: withFaults({ salesforce: { acsUrl: 'https://eu-south-2.signin.aws.amazon.com/saml' } }),
  },
  'aws-regional-endpoint-mismatch': {
    description: "The ACS URL is the regional sign-in endpoint, but the trust policy's SAML:aud allows only the global one.",
    catalogId: 'aws-regional-endpoint-mismatch',
    outcome: ASSUME_ROLE_DENIED,
    config: withFaults({ salesforce: { acsUrl: 'https://{region}.signin.aws.amazon.com/saml' } }),
  },
} satisfies Record<string, LabScenario>;

export type LabScenarioName = keyof typeof scenarios;

/** One named configuration per scenario; names equal the DESIGN.md catalog ids where one fits. */
export const LAB_SCENARIOS: Readonly<Record<LabScenarioName, LabScenario>> = scenarios;

export const LAB_SCENARIO_NAMES = Object.keys(scenarios) as readonly LabScenarioName[]; // -- reason: Object.keys loses the literal key type of a `satisfies` object

export function isLabScenarioName(name: string): name is LabScenarioName {
  return Object.hasOwn(scenarios, name);
}

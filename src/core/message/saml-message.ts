import type { Element } from '@xmldom/xmldom';

/**
 * The SAML model: what a message says, read from the parsed document. Every string is exactly
 * as in the document (whitespace preserved: AWS rejects padded values, so we must see them).
 * `element` links back to the DOM node so signature checks can tell whether the element a value
 * was read from is the element a signature covers (signature wrapping); it is not serialisable
 * and is dropped from summaries.
 */
export type SamlMessage = SamlResponse | SamlAuthnRequest | SamlLogoutRequest | SamlLogoutResponse | UnknownSamlMessage;

export interface SamlResponse {
  readonly kind: 'Response';
  readonly element: Element;
  readonly id: string | undefined;
  readonly version: string | undefined;
  readonly destination: string | undefined;
  readonly issueInstant: string | undefined;
  readonly inResponseTo: string | undefined;
  readonly issuer: string | undefined;
  readonly status: SamlStatus | undefined;
  /** In document order. */
  readonly assertions: readonly SamlAssertion[];
  readonly encryptedAssertionCount: number;
  /** True when the Response sits inside a SOAP envelope (ECP, artifact resolution). */
  readonly inSoapEnvelope: boolean;
  /**
   * True when the document root is a bare `saml:Assertion` (no Response around it, as in files
   * and some test fixtures). The Response-level fields (id, version, destination, issueInstant,
   * inResponseTo, issuer, status) are then undefined and `assertions` holds the root.
   */
  readonly bareAssertion?: boolean;
  /**
   * True when the elements are in no namespace at all (`<Response>` without a SAML namespace
   * declaration; saml2aws' PingFederate sample). They were read by local name; a SAML processor
   * (and AWS) finds no SAML Response or Assertion in such a document.
   */
  readonly outsideSamlNamespace?: boolean;
  /**
   * Assertions that are NOT direct children of the Response (inside Extensions, Advice, another
   * Assertion, an unknown wrapper...), in document order. Legitimate responses have none: this is
   * the classic signature-wrapping shape (XSW), so they are read and reported, never used.
   */
  readonly nestedAssertions?: readonly SamlAssertion[];
  /** EncryptedAssertions that are not direct children of the Response (wrapping signal, not counted above). */
  readonly nestedEncryptedAssertionCount?: number;
}

export interface SamlStatus {
  readonly code: string | undefined;
  /** Nested second-level status code (e.g. `...:status:RequestDenied`). */
  readonly subCode: string | undefined;
  readonly message: string | undefined;
}

export interface SamlAssertion {
  readonly element: Element;
  readonly id: string | undefined;
  readonly version?: string | undefined;
  /** Where the assertion sits, as local names from the root: `/Response/Assertion`, `/Response/Extensions/Assertion`. */
  readonly path?: string;
  /** Element depth: 0 = document root (bare assertion), 1 = child of a root Response. */
  readonly depth?: number;
  readonly issueInstant: string | undefined;
  readonly issuer: string | undefined;
  readonly subject: SamlSubject | undefined;
  readonly conditions: SamlConditions | undefined;
  readonly authnStatements: readonly SamlAuthnStatement[];
  readonly attributes: readonly SamlAttribute[];
  /** AWS interpretation of the attributes (Role pairs, RoleSessionName, ...). */
  readonly aws: AwsAttributes;
}

export interface SamlSubject {
  readonly nameId: SamlNameId | undefined;
  /** True when the Subject carries an EncryptedID instead of a NameID (not readable without the SP key). */
  readonly encryptedId?: boolean;
  readonly confirmations: readonly SamlSubjectConfirmation[];
}

export interface SamlNameId {
  /** All text nodes joined: a comment inside the NameID cannot truncate it (CVE-2017-11428). */
  readonly value: string;
  readonly format: string | undefined;
  readonly nameQualifier: string | undefined;
  readonly spNameQualifier: string | undefined;
  /** True when comments or CDATA split the value: the classic comment-injection shape. */
  readonly hasCommentOrCdata: boolean;
  /** What a naive reader taking only the first text node would see (differs when injected). */
  readonly firstTextNode: string;
}

export interface SamlSubjectConfirmation {
  readonly method: string | undefined;
  readonly recipient: string | undefined;
  readonly notOnOrAfter: string | undefined;
  readonly notBefore: string | undefined;
  readonly inResponseTo: string | undefined;
}

export interface SamlConditions {
  readonly notBefore: string | undefined;
  readonly notOnOrAfter: string | undefined;
  /** Audiences of every AudienceRestriction, flattened, in order. */
  readonly audiences: readonly string[];
}

export interface SamlAuthnStatement {
  readonly authnInstant: string | undefined;
  readonly sessionNotOnOrAfter: string | undefined;
  readonly sessionIndex: string | undefined;
  readonly authnContextClassRef: string | undefined;
}

export interface SamlAttribute {
  readonly name: string;
  readonly nameFormat: string | undefined;
  readonly friendlyName: string | undefined;
  /** Every AttributeValue's text, exactly (all text nodes joined), in order. */
  readonly values: readonly string[];
  /** True when a value has a comment or CDATA section inside. */
  readonly hasCommentOrCdata: boolean;
}

export interface AwsAttributes {
  /** Raw values of the Role attribute (undefined when the attribute is absent). */
  readonly roleValues: readonly string[] | undefined;
  readonly roles: readonly AwsRolePair[];
  readonly roleSessionName: readonly string[] | undefined;
  readonly sessionDuration: readonly string[] | undefined;
  readonly sourceIdentity: readonly string[] | undefined;
  /** PrincipalTag:<Key> → values. */
  readonly principalTags: Readonly<Record<string, readonly string[]>>;
  readonly transitiveTagKeys: readonly string[] | undefined;
  /** The Role attribute name used: the standard one, or the China-region alias. */
  readonly roleAttributeName?: string;
  /** AWS attribute names that occur in more than one Attribute element (their values were merged, in order). */
  readonly repeatedAttributeNames?: readonly string[];
}

export interface AwsRolePair {
  /** The attribute value exactly as sent. */
  readonly raw: string;
  /**
   * The role and provider ARNs, trimmed, when exactly one of each can be picked out of the
   * comma-separated parts (empty parts from extra commas ignored, as aws-google-auth does). Filled
   * even when `issues` is non-empty: `issues.length === 0` is what "well-formed" means.
   */
  readonly roleArn: string | undefined;
  readonly providerArn: string | undefined;
  readonly order: 'role-first' | 'provider-first' | undefined;
  readonly accountId: string | undefined;
  readonly partition: string | undefined;
  readonly roleName: string | undefined;
  readonly providerName: string | undefined;
  /** The role's IAM path (`/` when none, `/team/` for `role/team/Name`). */
  readonly rolePath?: string | undefined;
  /** Why the pair is malformed (empty when it is well-formed). */
  readonly issues: readonly string[];
  /** The kinds of issue, deduplicated (stable codes for scenarios: whitespace vs. malformed ARN). */
  readonly issueCodes?: readonly AwsRoleIssueCode[];
}

/**
 * `empty`: no value. `whitespace`: leading/trailing whitespace around the value or a part (AWS
 * rejects it). `extra-comma`: empty parts from surplus commas. `part-count`: not exactly two
 * non-empty parts. `not-an-arn`: a part that is neither a role nor a SAML provider ARN.
 * `missing-role` / `missing-provider`: no role (provider) ARN among the parts. `duplicate-kind`:
 * two role or two provider ARNs. `account-mismatch` / `partition-mismatch`: the two ARNs disagree.
 */
export type AwsRoleIssueCode =
  | 'empty'
  | 'whitespace'
  | 'extra-comma'
  | 'part-count'
  | 'not-an-arn'
  | 'missing-role'
  | 'missing-provider'
  | 'duplicate-kind'
  | 'account-mismatch'
  | 'partition-mismatch';

export interface SamlAuthnRequest {
  readonly kind: 'AuthnRequest';
  readonly element: Element;
  readonly id: string | undefined;
  readonly destination: string | undefined;
  readonly issueInstant: string | undefined;
  readonly issuer: string | undefined;
  readonly assertionConsumerServiceUrl: string | undefined;
  readonly protocolBinding: string | undefined;
  readonly nameIdPolicyFormat: string | undefined;
}

export interface SamlLogoutRequest {
  readonly kind: 'LogoutRequest';
  readonly element: Element;
  readonly id: string | undefined;
  readonly destination: string | undefined;
  readonly issueInstant: string | undefined;
  readonly issuer: string | undefined;
  readonly notOnOrAfter: string | undefined;
  readonly nameId: SamlNameId | undefined;
  readonly sessionIndexes: readonly string[];
}

export interface SamlLogoutResponse {
  readonly kind: 'LogoutResponse';
  readonly element: Element;
  readonly id: string | undefined;
  readonly destination: string | undefined;
  readonly issueInstant: string | undefined;
  readonly inResponseTo: string | undefined;
  readonly issuer: string | undefined;
  readonly status: SamlStatus | undefined;
}

export interface UnknownSamlMessage {
  readonly kind: 'Unknown';
  readonly element: Element;
  /** `{namespace}localName` of the root element. */
  readonly rootName: string;
}

/** The AWS SAML attribute names (IAM "Configuring SAML assertions for the authentication response"). */
export const AWS_ATTRIBUTE = {
  role: 'https://aws.amazon.com/SAML/Attributes/Role',
  roleSessionName: 'https://aws.amazon.com/SAML/Attributes/RoleSessionName',
  sessionDuration: 'https://aws.amazon.com/SAML/Attributes/SessionDuration',
  sourceIdentity: 'https://aws.amazon.com/SAML/Attributes/SourceIdentity',
  principalTagPrefix: 'https://aws.amazon.com/SAML/Attributes/PrincipalTag:',
  transitiveTagKeys: 'https://aws.amazon.com/SAML/Attributes/TransitiveTagKeys',
  /** China-region documentation spells the Role attribute this way; accepted as an alias. */
  roleChina: 'http://www.amazonaws.cn/SAML/Attributes/Role',
} as const;

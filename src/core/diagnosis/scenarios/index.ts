import type { Scenario } from '../scenario.ts';
import { awsAssumeRoleDenied } from './aws-assume-role-denied.ts';
import { awsInvalidSamlResponse } from './aws-invalid-saml-response.ts';
import { awsIssuerMismatch } from './aws-issuer-mismatch.ts';
import { awsProviderNotFound } from './aws-provider-not-found.ts';
import { awsSignatureInvalid } from './aws-signature-invalid.ts';
import { awsStsRegionDisabled } from './aws-sts-region-disabled.ts';
import { connectBadRequest } from './connect-bad-request.ts';
import { connectCcpUnreachable } from './connect-ccp-unreachable.ts';
import { connectFederationTokenDenied } from './connect-federation-token-denied.ts';
import { connectNotOnboarded } from './connect-not-onboarded.ts';
import { connectSessionExpired } from './connect-session-expired.ts';
import { connectUsernameCaseMismatch } from './connect-username-case-mismatch.ts';
import { flowTimedOut } from './flow-timed-out.ts';
import { sfDataNotAvailable } from './sf-data-not-available.ts';
import { sfInsufficientPrivileges } from './sf-insufficient-privileges.ts';
import { ssoHealthy } from './sso-healthy.ts';
import { awsAttributeWhitespace } from './aws-attribute-whitespace.ts';
import { awsAudienceMismatch } from './aws-audience-mismatch.ts';
import { awsDurationExceedsMax } from './aws-duration-exceeds-max.ts';
import { awsMetadataUnparseable } from './aws-metadata-unparseable.ts';
import { awsRegionalEndpointMismatch } from './aws-regional-endpoint-mismatch.ts';
import { awsRoleArnMalformed } from './aws-role-arn-malformed.ts';
import { awsRoleAttributeMissing } from './aws-role-attribute-missing.ts';
import { awsRolesessionnameInvalid } from './aws-rolesessionname-invalid.ts';
import { awsRolesessionnameMissing } from './aws-rolesessionname-missing.ts';
import { idpCertExpired } from './idp-cert-expired.ts';
import { idpCertExpiring } from './idp-cert-expiring.ts';
import { idpCertWeakKey } from './idp-cert-weak-key.ts';
import { samlAssertionExpired } from './saml-assertion-expired.ts';
import { samlClockSkew } from './saml-clock-skew.ts';
import { samlEncryptedAssertion } from './saml-encrypted-assertion.ts';
import { samlSha1Signature } from './saml-sha1-signature.ts';
import { samlSignatureWrapping } from './saml-signature-wrapping.ts';
import { samlUndecodable } from './saml-undecodable.ts';
import { samlUnsignedResponse } from './saml-unsigned-response.ts';

/**
 * Every scenario of the catalog, one file each (scenarios.test.ts checks that none is missing).
 * Order only breaks ties between equal ranks; `rank` decides the verdict (see diagnose).
 */
export const SCENARIOS: readonly Scenario[] = [
  sfInsufficientPrivileges,
  sfDataNotAvailable,
  awsStsRegionDisabled,
  awsSignatureInvalid,
  awsIssuerMismatch,
  awsProviderNotFound,
  awsInvalidSamlResponse,
  awsAssumeRoleDenied,
  connectUsernameCaseMismatch,
  connectNotOnboarded,
  connectFederationTokenDenied,
  connectBadRequest,
  connectSessionExpired,
  connectCcpUnreachable,
  flowTimedOut,
  ssoHealthy,
  // Predicted from the SAML response and the metadata (part B).
  samlUndecodable,
  samlSignatureWrapping,
  samlUnsignedResponse,
  idpCertExpired,
  awsMetadataUnparseable,
  awsRoleAttributeMissing,
  awsRoleArnMalformed,
  awsAttributeWhitespace,
  awsRolesessionnameMissing,
  awsRolesessionnameInvalid,
  samlClockSkew,
  samlAssertionExpired,
  awsAudienceMismatch,
  awsRegionalEndpointMismatch,
  awsDurationExceedsMax,
  samlEncryptedAssertion,
  idpCertWeakKey,
  samlSha1Signature,
  idpCertExpiring,
];

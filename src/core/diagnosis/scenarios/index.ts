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
];

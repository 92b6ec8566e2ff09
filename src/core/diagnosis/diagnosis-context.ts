import type { IdpMetadata } from '../metadata/idp-metadata.ts';

/**
 * What the admin (or the fleet policy) told us to expect. Everything is optional: without
 * expectations the scenarios still predict what STS and Connect will reject.
 */
export interface DiagnosisContext {
  /** Evaluation time, ISO-8601. The core never reads the clock: callers pass it in. */
  readonly now: string;
  /** AWS-side IdP metadata (what IAM has), parsed. */
  readonly metadata?: IdpMetadata;
  readonly expectedIssuer?: string;
  /** SHA-1 or SHA-256 fingerprints (any case, colons optional) of the certificate AWS trusts. */
  readonly expectedCertificateFingerprints?: readonly string[];
  /** `aws connect list-users` output: the usernames that exist in the Connect instance. */
  readonly connectUsers?: readonly ConnectUser[];
  /** AWS region of the Connect instance, e.g. `eu-central-1`. */
  readonly region?: string;
  readonly instanceId?: string;
  /** The role's MaxSessionDuration in seconds, when known. */
  readonly roleMaxSessionDuration?: number;
  /**
   * How the Connect usernames of this instance are built, e.g. `{Alias}@{UserId}@{OrgId}` (the
   * `connectUsernameFormat` setting): the Connect-user scenarios compare the RoleSessionName with
   * the username it predicts from the assertion (predictConnectUsername).
   */
  readonly connectUsernameFormat?: string;
}

export interface ConnectUser {
  readonly username: string;
  readonly id?: string;
  readonly arn?: string;
}

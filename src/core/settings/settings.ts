/**
 * The extension's settings. A fleet owner pushes them through enterprise policy
 * (`storage.managed`, schema in public/managed-schema.json); a user or admin can set those that
 * are not managed on the options page (`storage.local`).
 */
export interface Settings {
  /** The contact center's "Telephony Provider Settings" link (a Salesforce `/idp/login?app=...` URL). */
  readonly telephonyProviderSettingsUrl?: string;
  readonly expectedIssuer?: string;
  readonly expectedCertificateFingerprints?: readonly string[];
  /** AWS-side IdP metadata XML (as `aws iam get-saml-provider` returns it). */
  readonly awsMetadataXml?: string;
  /** AWS region of the Connect instance, e.g. `us-east-1`. */
  readonly region?: string;
  readonly connectInstanceId?: string;
  /**
   * How Connect usernames are built from Salesforce users, e.g. `{UserId}@{OrgId}` (the Salesforce
   * Voice default) or `{Alias}@{UserId}@{OrgId}`. Placeholders and where a diagnosis reads them:
   * USERNAME_FORMAT_PLACEHOLDERS in parse-username-format.ts.
   */
  readonly connectUsernameFormat?: string;
}

export type SettingKey = keyof Settings;

export const SETTING_KEYS = [
  'telephonyProviderSettingsUrl',
  'expectedIssuer',
  'expectedCertificateFingerprints',
  'awsMetadataXml',
  'region',
  'connectInstanceId',
  'connectUsernameFormat',
] as const satisfies readonly SettingKey[];

import type { SourceRef } from './finding.ts';

/**
 * The five public documents the scenario catalog is built from (shared/seeds). Findings cite
 * them so an admin can read the original explanation.
 */
export const SEED_SOURCES = {
  /** Seed 000: the five Voice SSO error pages, their causes and fixes. */
  salesforceVoiceSsoErrors: {
    title: 'Salesforce KB 005316458: SSO Authentication Error Scenarios for Salesforce Voice',
    url: 'https://help.salesforce.com/s/articleView?id=005316458',
  },
  /** Seed 001: how Salesforce sets up SSO into Amazon Connect (IdP, permission set, one user each). */
  salesforceConfigureSso: {
    title: 'Salesforce Help: Configuring Single Sign-On (SSO) with Amazon Connect',
    url: 'https://help.salesforce.com/s/articleView?id=sf.voice_amazon_config_sso.htm',
  },
  /** Seed 002: Connect's "not onboarded", "contact your AWS account administrator" and "Session expired". */
  awsTroubleshootConnectSaml: {
    title: 'AWS: Troubleshoot SAML with Amazon Connect',
    url: 'https://docs.aws.amazon.com/connect/latest/adminguide/troubleshoot-saml.html',
  },
  /** Seed 003: replacing the contact center's signing certificate end to end. */
  salesforceContactCenterCertificates: {
    title: 'Salesforce Help: Manage Contact Center Certificates',
  },
  /** Seed 004: every AWS IAM / STS SAML error seen with Amazon Connect, with CLI fixes. */
  awsIamSamlErrorsGuide: {
    title: 'Guide: AWS IAM SAML authentication errors with Amazon Connect',
  },
} as const satisfies Record<string, SourceRef>;

/**
 * A diagnosis finding: one detected fault (or the all-clear), with the evidence it rests on and
 * the steps that fix it. JSON-serialisable: it is stored, exported and printed by the CLI.
 */
export interface Finding {
  /** Stable id from the scenario catalog (DESIGN.md), e.g. `aws-signature-invalid`. */
  readonly id: ScenarioId;
  readonly severity: FindingSeverity;
  /** One line, for admins. */
  readonly title: string;
  /** One or two plain sentences an agent understands, saying who can fix it. */
  readonly summary: string;
  readonly evidence: readonly Evidence[];
  /** The likely cause, in a sentence or two. */
  readonly cause: string;
  /** Ordered steps; console paths and commands carry the observed values. */
  readonly remediation: readonly RemediationStep[];
  /** The seed document(s) the scenario rests on. */
  readonly sources: readonly SourceRef[];
  /** How sure we are: `observed` (the service said so), `predicted` (from the assertion alone). */
  readonly basis: 'observed' | 'predicted';
}

export type FindingSeverity = 'error' | 'warning' | 'info';

export interface Evidence {
  /** What was looked at, e.g. `Assertion Issuer`, `Signing certificate`, `AWS sign-in page`. */
  readonly label: string;
  readonly observed?: string;
  readonly expected?: string;
  /** The hop the value comes from (Hop.id) when it comes from one. */
  readonly hopId?: string;
  /** Where in the message: an XPath-like path or attribute name. */
  readonly field?: string;
}

export interface RemediationStep {
  readonly text: string;
  /** Who acts: the agent, the Salesforce admin, the AWS (IAM) admin, the Connect admin. */
  readonly actor: 'agent' | 'salesforce-admin' | 'aws-admin' | 'connect-admin';
  /** A console path such as `Setup → Identity Provider → Download Metadata`. */
  readonly consolePath?: string;
  /** A shell command with observed values filled in (copy button in the UI). */
  readonly command?: string;
}

export interface SourceRef {
  readonly title: string;
  readonly url?: string;
}

/** Every id of the scenario catalog. Adding one means a new scenario file (see CONTRIBUTING). */
export const SCENARIO_IDS = [
  'sf-insufficient-privileges',
  'sf-data-not-available',
  'aws-signature-invalid',
  'aws-issuer-mismatch',
  'connect-not-onboarded',
  'connect-username-case-mismatch',
  'connect-federation-token-denied',
  'connect-bad-request',
  'connect-session-expired',
  'connect-ccp-unreachable',
  'aws-invalid-saml-response',
  'aws-role-attribute-missing',
  'aws-role-arn-malformed',
  'aws-attribute-whitespace',
  'aws-rolesessionname-missing',
  'aws-rolesessionname-invalid',
  'aws-assume-role-denied',
  'aws-audience-mismatch',
  'aws-regional-endpoint-mismatch',
  'aws-duration-exceeds-max',
  'aws-provider-not-found',
  'aws-metadata-unparseable',
  'aws-sts-region-disabled',
  'saml-assertion-expired',
  'saml-clock-skew',
  'idp-cert-expired',
  'idp-cert-expiring',
  'idp-cert-weak-key',
  'saml-sha1-signature',
  'saml-unsigned-response',
  'saml-signature-wrapping',
  'saml-encrypted-assertion',
  'saml-undecodable',
  'flow-timed-out',
  'sso-healthy',
] as const;

export type ScenarioId = (typeof SCENARIO_IDS)[number];

import { resolveScenarioConfig } from '../../lab/resolve-scenario-config.ts';
import { LAB_SCENARIOS, type LabScenarioName } from '../../lab/scenarios.ts';
import type { LabIdentity } from '../../lab/lab-identity.ts';
import type { FlowStage, FlowStepState } from '../../src/core/flow/summarize-flow.ts';

/** The five Salesforce KB scenarios: the heart of the product (DESIGN.md, scenario catalog). */
export const KB_SCENARIOS = [
  'sf-insufficient-privileges',
  'sf-data-not-available',
  'aws-signature-invalid',
  'aws-issuer-mismatch',
  'connect-not-onboarded',
] as const satisfies readonly LabScenarioName[];

/** AWS sign-in and Connect scenarios covered passively and guided besides the KB ones. */
export const AWS_CONNECT_SCENARIOS = [
  'connect-federation-token-denied',
  'connect-bad-request',
  'connect-session-expired',
  'connect-ccp-unreachable',
  'connect-username-case-mismatch',
  'aws-role-attribute-missing',
  'aws-rolesessionname-invalid',
  'aws-audience-mismatch',
  'aws-assume-role-denied',
  'saml-assertion-expired',
] as const satisfies readonly LabScenarioName[];

export const COVERED_SCENARIOS: readonly LabScenarioName[] = ['sso-healthy', ...KB_SCENARIOS, ...AWS_CONNECT_SCENARIOS];

/** The catalog id the lab scenario demonstrates: the verdict the extension must reach. */
export function expectedVerdict(name: LabScenarioName): string {
  return LAB_SCENARIOS[name].catalogId;
}

/**
 * Verdicts that rest on AWS-side data the browser cannot see. Without it the extension can only
 * repeat what the service's page said; the user adds the evidence on the report page (as the
 * product asks them to) and the diagnosis names the cause.
 */
export interface EvidenceNeed {
  /** What the page itself says (the lab's outcome text is Connect's "not onboarded" page). */
  readonly verdictWithoutEvidence: string;
  readonly evidence: 'connect-users';
}

export const NEEDS_EVIDENCE: Readonly<Partial<Record<LabScenarioName, EvidenceNeed>>> = {
  'connect-username-case-mismatch': { verdictWithoutEvidence: 'connect-not-onboarded', evidence: 'connect-users' },
};

/** What the popup shows before evidence is added. */
export function expectedPopupVerdict(name: LabScenarioName): string {
  return NEEDS_EVIDENCE[name]?.verdictWithoutEvidence ?? expectedVerdict(name);
}

export type ExpectedSteps = Readonly<Record<FlowStage, FlowStepState>>;

/**
 * The stepper's end state, from where the lab says the flow ends (`outcome`), not from the
 * product: the stage that shows the error failed, earlier ones passed, later ones were not reached.
 */
export function expectedSteps(name: LabScenarioName): ExpectedSteps {
  const outcome = LAB_SCENARIOS[name].outcome;
  if (outcome.stage === 'salesforce') return { salesforce: 'failed', 'aws-signin': 'not-reached', connect: 'not-reached' };
  if (outcome.stage === 'sign-in') return { salesforce: 'ok', 'aws-signin': 'failed', connect: 'not-reached' };
  if (outcome.stage === 'connect' && reachesCcp(name)) return { salesforce: 'ok', 'aws-signin': 'ok', connect: 'ok' };
  return { salesforce: 'ok', 'aws-signin': 'ok', connect: 'failed' };
}

/** The lab's flow ends in the loaded CCP: the user is signed in. */
export function reachesCcp(name: LabScenarioName): boolean {
  const outcome = LAB_SCENARIOS[name].outcome;
  return outcome.stage === 'connect' && outcome.status < 400 && outcome.text === 'Contact Control Panel';
}

/** The toolbar badge: "!" after a failed sign-in, nothing after one that reached the CCP. */
export function expectedBadge(name: LabScenarioName): string {
  return reachesCcp(name) ? '' : '!';
}

/** The page text the lab shows at the end (a check that the lab played the scenario). */
export function expectedPageText(name: LabScenarioName): string | undefined {
  const outcome = LAB_SCENARIOS[name].outcome;
  return outcome.stage === 'unresolvable' ? undefined : outcome.text;
}

/** `aws connect list-users` output for the scenario's Connect instance, as an AWS admin would export it. */
export function connectUsersJson(name: LabScenarioName, identity: LabIdentity): string {
  const { connect } = resolveScenarioConfig(LAB_SCENARIOS[name].config, identity);
  return JSON.stringify(
    {
      UserSummaryList: connect.usernames.map((username, index) => ({
        Id: `0000000${String(index)}-1111-2222-3333-444444444444`,
        Arn: `arn:aws:connect:${identity.region}:${identity.accountId}:instance/${identity.instanceId}/agent/0000000${String(index)}-1111-2222-3333-444444444444`,
        Username: username,
      })),
    },
    null,
    2,
  );
}

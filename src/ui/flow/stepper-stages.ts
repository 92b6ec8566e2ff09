import type { Flow, Hop, HopKind } from '../../core/flow/flow.ts';
import type { StageName, StepperStage } from '../components/flow-stepper.tsx';

const STAGE_OF: Readonly<Record<HopKind, StageName | undefined>> = {
  'salesforce-login': 'salesforce',
  'salesforce-idp': 'salesforce',
  'salesforce-other': 'salesforce',
  'aws-saml': 'aws-signin',
  'aws-signin-other': 'aws-signin',
  'connect-federate': 'connect',
  'aws-console-other': 'connect',
  'connect-app': 'connect',
  other: undefined,
};

const ORDER: readonly StageName[] = ['salesforce', 'aws-signin', 'connect'];

function hopFailed(hop: Hop): boolean {
  return hop.networkError !== undefined || (hop.page !== undefined && hop.page.classification !== 'aws-role-selection') || (hop.status !== undefined && hop.status >= 400);
}

/**
 * The three stages of a flow for the stepper. A stage after a failed one is "not reached"; while the
 * flow runs, its latest stage is "running".
 */
export function stepperStages(flow: Flow): StepperStage[] {
  let blocked = false;
  const lastWithHops = ORDER.findLastIndex((stage) => flow.hops.some((hop) => STAGE_OF[hop.kind] === stage));
  return ORDER.map((stage, index): StepperStage => {
    const hops = flow.hops.filter((hop) => STAGE_OF[hop.kind] === stage);
    if (blocked || hops.length === 0) return { stage, state: 'not-reached' };
    const starts = hops.map((hop) => Date.parse(hop.startedAt)).filter((value) => !Number.isNaN(value));
    const ends = hops.map((hop) => Date.parse(hop.startedAt) + (hop.durationMs ?? 0)).filter((value) => !Number.isNaN(value));
    // A hop still waiting for its answer has no end yet: no stage time until it has one.
    const answered = hops.every((hop) => hop.durationMs !== undefined);
    const durationMs = !answered || starts.length === 0 || ends.length === 0 ? undefined : Math.max(...ends) - Math.min(...starts);
    const failed = hops.some(hopFailed);
    if (failed) blocked = true;
    const state = failed ? 'failed' : flow.state === 'running' && index === lastWithHops ? 'running' : 'ok';
    return durationMs === undefined ? { stage, state } : { stage, state, durationMs };
  });
}

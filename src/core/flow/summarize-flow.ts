import type { Flow, Hop, HopKind, PageReading } from './flow.ts';
import { isSoftNetworkError } from './is-soft-network-error.ts';

/** The three stages the popup's stepper shows, in order. */
export type FlowStage = 'salesforce' | 'aws-signin' | 'connect';
export type FlowStepState = 'ok' | 'failed' | 'not-reached' | 'running';

export interface FlowStep {
  readonly stage: FlowStage;
  readonly state: FlowStepState;
  /** Ids of the flow's hops in this stage, in flow order. Empty when the stage was not observed. */
  readonly hopIds: readonly string[];
  /**
   * True when no hop of this stage was observed but a later stage was, so it must have passed
   * (e.g. a HAR that starts at the SAML POST: Salesforce issued the assertion).
   */
  readonly implied?: true;
  /** Wall time from the first hop's start to the last hop's end in this stage. */
  readonly durationMs?: number;
  /** Why the stage failed, from its first failing hop. */
  readonly failure?: FlowStepFailure;
}

export interface FlowStepFailure {
  readonly hopId: string;
  readonly page?: PageReading;
  readonly networkError?: string;
  readonly status?: number;
  /** The flow timed out while this stage was the last one reached. */
  readonly timedOut?: true;
}

const STAGES: readonly FlowStage[] = ['salesforce', 'aws-signin', 'connect'];

const STAGE_OF: Readonly<Record<HopKind, FlowStage | undefined>> = {
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


/**
 * The stepper view of a flow: Salesforce → AWS sign-in → Amazon Connect, each ok, failed, not
 * reached or still running, with its hops, time taken and — for a failed stage — the page
 * classification or network error that shows why.
 */
export function flowSteps(flow: Flow): FlowStep[] {
  const hopsByStage = new Map<FlowStage, Hop[]>(STAGES.map((stage) => [stage, []]));
  let stage: FlowStage = 'salesforce';
  for (const hop of flow.hops) {
    // A hop on an unknown host (a third-party IdP, a Global Resiliency endpoint) belongs to the stage it happened in.
    stage = STAGE_OF[hop.kind] ?? (hop.saml?.SAMLResponse !== undefined && hop.method === 'POST' ? 'aws-signin' : stage);
    hopsByStage.get(stage)?.push(hop);
  }

  const lastObserved = STAGES.reduce<number>((last, s, i) => ((hopsByStage.get(s)?.length ?? 0) > 0 ? i : last), -1);
  const steps: FlowStep[] = [];
  let blocked = false;
  STAGES.forEach((s, i) => {
    const hops = hopsByStage.get(s) ?? [];
    if (hops.length === 0) {
      const implied = !blocked && i < lastObserved;
      steps.push(implied ? { stage: s, state: 'ok', hopIds: [], implied: true } : { stage: s, state: 'not-reached', hopIds: [] });
      return;
    }
    const step: { -readonly [K in keyof FlowStep]: FlowStep[K] } = { stage: s, state: 'ok', hopIds: hops.map((h) => h.id) };
    const duration = spanOf(hops);
    if (duration !== undefined) step.durationMs = duration;
    const lastHop = flow.hops.at(-1);
    const failing = hops.find((hop) => isFailing(hop, hop === lastHop));
    if (failing !== undefined) {
      step.state = 'failed';
      step.failure = failureOf(failing);
      blocked = true;
    } else if (i === lastObserved) {
      if (flow.state === 'running') step.state = 'running';
      else if (flow.closeReason === 'timed-out') {
        const last = hops.at(-1) ?? hops[0];
        step.state = 'failed';
        if (last !== undefined) step.failure = { ...failureOf(last), timedOut: true };
        blocked = true;
      }
    }
    steps.push(step);
  });
  return steps;
}

function isFailing(hop: Hop, lastOfFlow: boolean): boolean {
  if (hop.page !== undefined && hop.page.classification !== 'aws-role-selection') return true;
  if (hop.networkError !== undefined && (lastOfFlow || !isSoftNetworkError(hop.networkError))) return true;
  return hop.status !== undefined && hop.status >= 400;
}

function failureOf(hop: Hop): FlowStepFailure {
  const failure: { -readonly [K in keyof FlowStepFailure]: FlowStepFailure[K] } = { hopId: hop.id };
  if (hop.page !== undefined) failure.page = hop.page;
  if (hop.networkError !== undefined) failure.networkError = hop.networkError;
  if (hop.status !== undefined) failure.status = hop.status;
  return failure;
}

function spanOf(hops: readonly Hop[]): number | undefined {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const hop of hops) {
    const t = Date.parse(hop.startedAt);
    if (!Number.isFinite(t)) continue;
    start = Math.min(start, t);
    end = Math.max(end, t + (hop.durationMs ?? 0));
  }
  return Number.isFinite(start) ? end - start : undefined;
}

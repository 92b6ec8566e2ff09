import type { Hop } from '../../flow/flow.ts';
import { isSoftNetworkError } from '../../flow/is-soft-network-error.ts';
import type { AnalyzedFlow } from '../analyzed-flow.ts';
import { createFinding } from '../create-finding.ts';
import type { DiagnosisContext } from '../diagnosis-context.ts';
import type { Finding } from '../finding.ts';
import { readFlowFacts } from '../read-flow-facts.ts';
import { retestStep } from '../remediation-steps.ts';
import type { Scenario } from '../scenario.ts';
import { SEED_SOURCES } from '../seed-sources.ts';

/** Pages that do not explain a stop by themselves: they leave the verdict to this scenario. */
const UNEXPLAINED_PAGES = new Set(['unrecognized-error', 'aws-role-selection']);

/**
 * Not in DESIGN's catalog: a captured or HAR flow that stopped (or has not yet finished) short of
 * Connect without an error page we recognise and without a Connect network error. A flow that is
 * still running is reported as `info`; one that ended as `warning`. Lone SAML values (source
 * `message`) never "time out".
 */
export const flowTimedOut: Scenario = {
  id: 'flow-timed-out',
  rank: 95,
  detect(analyzed, context) {
    const flow = analyzed.flow;
    if (flow.source === 'message') return [];
    const facts = readFlowFacts(analyzed, context);
    if (facts.reachedConnect) return [];
    if (facts.pages.some((entry) => !UNEXPLAINED_PAGES.has(entry.page.classification))) return [];
    const federateAt = flow.hops.findIndex((hop) => hop.kind === 'connect-federate');
    const ccpFailed = flow.hops.some(
      (hop, index) => hop.networkError !== undefined && !isSoftNetworkError(hop.networkError) && (hop.kind === 'connect-app' || (federateAt >= 0 && index > federateAt)),
    );
    if (ccpFailed) return [];
    return [describeStoppedFlow(analyzed, context)];
  },
};

/**
 * The verdict for a flow that got nowhere we can explain. Also diagnose's last resort, so that
 * every flow gets a verdict even when no scenario matched.
 */
export function describeStoppedFlow(analyzed: AnalyzedFlow, context: DiagnosisContext): Finding {
  const flow = analyzed.flow;
  const last = flow.hops.at(-1);
  const running = flow.state === 'running';
  const stop = describeStop(last);
  const facts = readFlowFacts(analyzed, context);
  return createFinding('flow-timed-out', {
    severity: running ? 'info' : 'warning',
    basis: 'observed',
    title: running ? 'The sign-in to Amazon Connect has not finished yet' : `The sign-in to Amazon Connect stopped before reaching Connect: ${stop}`,
    summary: running
      ? 'The sign-in is still in progress. Wait a few seconds and diagnose again.'
      : 'The sign-in to Amazon Connect did not finish and no error message was shown. Open the Telephony Provider Settings link in a new tab to see where it stops, then export the report for your admin.',
    cause: running
      ? 'The last request of the flow has not been answered yet.'
      : `The chain of requests ended ${last === undefined ? 'before any request was seen' : `at ${last.method} ${last.url}`} without reaching the Amazon Connect application and without an error page that sso-doctor recognises${flow.closeReason === undefined ? '' : ` (flow closed: ${flow.closeReason})`}. A background sign-in in a hidden frame, a blocked pop-up or a slow network can look like this.`,
    evidence: [
      last === undefined ? undefined : { label: 'Last request', observed: `${last.method} ${last.url}`, expected: 'the Amazon Connect application (home page or CCP)', hopId: last.id },
      last?.status === undefined ? undefined : { label: 'Last status', observed: String(last.status), hopId: last.id },
      last?.networkError === undefined ? undefined : { label: 'Network error', observed: last.networkError, hopId: last.id },
      last?.page === undefined ? undefined : { label: 'Page text', observed: last.page.excerpt, hopId: last.id },
      last?.page?.classification === 'aws-role-selection'
        ? { label: 'Role attribute values', observed: String(facts.assertion?.aws.roleValues?.length ?? 0), expected: '1 (Connect federation uses a single role)', hopId: facts.primary?.hop.id }
        : undefined,
      flow.background === true ? { label: 'Frame', observed: 'hidden background frame (console SSO)' } : undefined,
    ],
    remediation: [
      {
        actor: 'agent',
        text: 'Open the contact center\'s Telephony Provider Settings link in a new browser tab so the sign-in runs in the foreground and any error page becomes visible, then diagnose again.',
      },
      {
        actor: 'agent',
        text: 'If it still stops without a message, export the redacted report from sso-doctor and send it to your Salesforce admin.',
      },
      running ? undefined : retestStep(),
    ],
    sources: [SEED_SOURCES.salesforceVoiceSsoErrors],
  });
}

function describeStop(last: Hop | undefined): string {
  if (last === undefined) return 'no request was captured';
  if (last.networkError !== undefined) return `network error ${last.networkError}`;
  if (last.page?.classification === 'aws-role-selection') return 'AWS showed its role selection page';
  if (last.page !== undefined) return 'an error page sso-doctor does not recognise';
  return 'no answer after the last request';
}

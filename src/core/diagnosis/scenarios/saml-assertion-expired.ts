import type { Flow, Hop } from '../../flow/flow.ts';
import type { SamlAssertion } from '../../message/saml-message.ts';
import { createFinding, type EvidenceInit } from '../create-finding.ts';
import type { DiagnosisContext } from '../diagnosis-context.ts';
import { findPage, readFlowFacts } from '../read-flow-facts.ts';
import { retestStep } from '../remediation-steps.ts';
import type { Scenario } from '../scenario.ts';
import { SEED_SOURCES } from '../seed-sources.ts';

/** Seed 004 "Validating assertion timing": clocks more than 5 minutes apart make AWS refuse assertions. */
export const ALLOWED_SKEW_MS = 5 * 60 * 1000;

/** The moment a SAML value is judged at, and whose clock it is. */
export interface EvaluationClock {
  readonly ms: number;
  readonly iso: string;
  readonly source: 'aws-date' | 'post-time' | 'evaluation-time';
  /** Human words for the evidence, e.g. "AWS's clock (Date header of the POST)". */
  readonly label: string;
}

/**
 * When AWS received the response: its own `Date` header on the POST when captured; else, for a
 * captured or HAR flow, the time the browser sent it (a later diagnosis must not call a then-fresh
 * assertion expired); else the caller's evaluation time (`--now`, or now for a pasted message).
 */
export function evaluationClock(flow: Flow, hop: Hop | undefined, context: DiagnosisContext): EvaluationClock {
  const serverDate = hop?.serverDate === undefined ? Number.NaN : Date.parse(hop.serverDate);
  if (!Number.isNaN(serverDate)) return clockAt(serverDate, 'aws-date', "AWS's clock (Date header of its answer to the POST)");
  const sent = hop === undefined || flow.source === 'message' ? Number.NaN : Date.parse(hop.startedAt);
  if (!Number.isNaN(sent)) return clockAt(sent, 'post-time', 'the time the browser posted the response');
  const now = Date.parse(context.now);
  return clockAt(Number.isNaN(now) ? 0 : now, 'evaluation-time', 'the evaluation time');
}

function clockAt(ms: number, source: EvaluationClock['source'], label: string): EvaluationClock {
  return { ms, iso: new Date(ms).toISOString(), source, label };
}

const INSTANT = /^(-?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * Reads an xs:dateTime as SAML uses it (SAML core §1.3.3: UTC, usually with Z). A value without a
 * zone is taken as UTC rather than local time; more than three fraction digits (ADFS sends seven)
 * are cut to milliseconds. Undefined when the text is not a date-time.
 */
export function parseSamlInstant(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const match = INSTANT.exec(text.trim());
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const milliseconds = Number((fraction ?? '').padEnd(3, '0').slice(0, 3));
  let ms = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second), milliseconds);
  if (zone !== undefined && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    ms -= sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  }
  return Number.isNaN(ms) ? undefined : ms;
}

/** "4 min 12 s", "2 h 5 min", "3 days": a duration for people. */
export function formatDuration(ms: number): string {
  const seconds = Math.round(Math.abs(ms) / 1000);
  if (seconds < 60) return `${String(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 === 0 ? `${String(minutes)} min` : `${String(minutes)} min ${String(seconds % 60)} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${String(hours)} h` : `${String(hours)} h ${String(minutes % 60)} min`;
  return `${String(Math.floor(hours / 24))} days`;
}

/**
 * How long after Salesforce built the response the browser posted it, on the browser's own clock
 * (the idp/login hop before the POST against the POST): independent of any clock skew.
 */
export function postingDelay(flow: Flow, hop: Hop): number | undefined {
  if (flow.source === 'message') return undefined;
  const index = flow.hops.indexOf(hop);
  const issuing = flow.hops.slice(0, Math.max(index, 0)).reverse().find((candidate) => candidate.kind === 'salesforce-idp');
  if (issuing === undefined) return undefined;
  const posted = Date.parse(hop.startedAt);
  const served = Date.parse(issuing.startedAt);
  return Number.isNaN(posted) || Number.isNaN(served) ? undefined : posted - served;
}

interface Window {
  readonly label: string;
  readonly field: string;
  readonly text: string;
  readonly ms: number;
}

/**
 * AWS refuses an assertion whose NotOnOrAfter (Conditions or bearer SubjectConfirmationData) has
 * passed when it arrives, or whose NotBefore is more than the allowed skew ahead (seed 004 timing
 * section, STS ExpiredToken). Judged on the assertion AWS reads, at `evaluationClock`.
 */
export const samlAssertionExpired: Scenario = {
  id: 'saml-assertion-expired',
  rank: 41,
  detect(analyzed, context) {
    const facts = readFlowFacts(analyzed, context);
    const primary = facts.primary;
    const assertion = facts.assertion;
    const page = findPage(facts, 'aws-expired-token');
    if (primary === undefined || (assertion === undefined && page === undefined)) return [];
    const clock = evaluationClock(analyzed.flow, primary.hop, context);
    const hopId = primary.hop.id;

    const ended = assertion === undefined ? [] : endTimes(assertion).filter((end) => end.ms <= clock.ms);
    const early = assertion === undefined ? [] : startTimes(assertion).filter((start) => start.ms > clock.ms + ALLOWED_SKEW_MS);
    if (ended.length === 0 && early.length === 0 && page === undefined) return [];

    const notYet = ended.length === 0 && early.length > 0;
    const delay = postingDelay(analyzed.flow, primary.hop);
    const lifetime = assertion === undefined ? undefined : validityLength(assertion);
    const evidence: EvidenceInit[] = [
      ...ended.map((end) => ({
        label: end.label,
        observed: `${end.text} (${formatDuration(clock.ms - end.ms)} before ${clock.label})`,
        expected: `later than ${clock.iso}`,
        hopId,
        field: end.field,
      })),
      ...early.map((start) => ({
        label: start.label,
        observed: `${start.text} (${formatDuration(start.ms - clock.ms)} after ${clock.label})`,
        expected: `no later than ${new Date(clock.ms + ALLOWED_SKEW_MS).toISOString()} (5 minutes of clock tolerance)`,
        hopId,
        field: start.field,
      })),
    ];

    return [
      createFinding('saml-assertion-expired', {
        basis: page === undefined ? 'predicted' : 'observed',
        title: notYet ? 'The SAML assertion was not yet valid when AWS received it' : 'The SAML assertion had expired when AWS received it',
        summary: notYet
          ? 'Your sign-in from Salesforce was dated in the future as far as Amazon Web Services is concerned, so AWS refused it. Try again from the Telephony Provider Settings link; if it keeps happening, your Salesforce admin should report the clock difference to Salesforce Support.'
          : 'Your sign-in from Salesforce was only valid for a few minutes and had run out by the time Amazon Web Services received it. Start again from the Telephony Provider Settings link rather than reloading or going back to the AWS page.',
        cause: notYet
          ? 'The assertion\'s NotBefore lies more than 5 minutes after AWS\'s clock: the identity provider\'s clock runs ahead of AWS\'s (see the clock-skew finding, if any).'
          : delay !== undefined && lifetime !== undefined && delay >= lifetime
            ? `The browser posted the response ${formatDuration(delay)} after Salesforce built it, longer than its ${formatDuration(lifetime)} validity: the page was reloaded, reopened from history or the back button, or the response was replayed from a capture.`
            : delay !== undefined
              ? `The browser posted the response promptly (${formatDuration(delay)} after Salesforce built it), so Salesforce's clock must be behind AWS's by more than the assertion's lifetime (see the clock-skew finding, if any).`
              : 'Either the response was posted late (a reloaded or replayed SAML form, the back button) or the identity provider\'s clock is behind AWS\'s; AWS answers with ExpiredToken or a generic invalid-response page.',
        evidence: [
          page === undefined ? undefined : { label: 'AWS sign-in page', observed: page.page.excerpt, hopId: page.hop.id },
          { label: 'Judged at', observed: `${clock.iso} (${clock.label})`, hopId },
          ...evidence,
          delay === undefined ? undefined : { label: 'Posting delay (browser clock)', observed: formatDuration(delay), hopId },
        ],
        remediation: [
          {
            actor: 'agent',
            text: 'Close the AWS tab and start again from the contact center\'s Telephony Provider Settings link (or reload the Salesforce console); do not reload, reopen or go back to the AWS sign-in page, which re-sends the old response.',
          },
          {
            actor: 'salesforce-admin',
            text: 'If fresh attempts fail the same way, compare the IssueInstant of a new response with the real UTC time. Salesforce runs its own clocks, so report a difference of more than a few minutes to Salesforce Support; for another identity provider, synchronise its server with NTP.',
          },
          retestStep(),
        ],
        sources: [SEED_SOURCES.awsIamSamlErrorsGuide],
      }),
    ];
  },
};

function endTimes(assertion: SamlAssertion): Window[] {
  const windows: Window[] = [];
  const conditions = assertion.conditions?.notOnOrAfter;
  push(windows, 'Conditions NotOnOrAfter', 'saml:Assertion/saml:Conditions/@NotOnOrAfter', conditions);
  (assertion.subject?.confirmations ?? []).forEach((confirmation, index) => {
    push(windows, 'SubjectConfirmationData NotOnOrAfter', `saml:Assertion/saml:Subject/saml:SubjectConfirmation[${String(index + 1)}]/saml:SubjectConfirmationData/@NotOnOrAfter`, confirmation.notOnOrAfter);
  });
  return windows;
}

function startTimes(assertion: SamlAssertion): Window[] {
  const windows: Window[] = [];
  push(windows, 'Conditions NotBefore', 'saml:Assertion/saml:Conditions/@NotBefore', assertion.conditions?.notBefore);
  (assertion.subject?.confirmations ?? []).forEach((confirmation, index) => {
    push(windows, 'SubjectConfirmationData NotBefore', `saml:Assertion/saml:Subject/saml:SubjectConfirmation[${String(index + 1)}]/saml:SubjectConfirmationData/@NotBefore`, confirmation.notBefore);
  });
  return windows;
}

function push(windows: Window[], label: string, field: string, text: string | undefined): void {
  const ms = parseSamlInstant(text);
  if (text !== undefined && ms !== undefined) windows.push({ label, field, text, ms });
}

/** From IssueInstant to the earliest NotOnOrAfter: how long the IdP meant the assertion to be usable. */
function validityLength(assertion: SamlAssertion): number | undefined {
  const issued = parseSamlInstant(assertion.issueInstant);
  const ends = endTimes(assertion).map((end) => end.ms);
  if (issued === undefined || ends.length === 0) return undefined;
  return Math.min(...ends) - issued;
}

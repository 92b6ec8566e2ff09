import { createFinding, type EvidenceInit } from '../create-finding.ts';
import { readFlowFacts } from '../read-flow-facts.ts';
import { retestStep } from '../remediation-steps.ts';
import type { Scenario } from '../scenario.ts';
import { SEED_SOURCES } from '../seed-sources.ts';
import { ALLOWED_SKEW_MS, formatDuration, parseSamlInstant, postingDelay } from './saml-assertion-expired.ts';

/**
 * Seed 004 "Validating assertion timing": an IdP clock more than 5 minutes away from AWS's makes
 * assertions look expired or not yet valid. Three clocks are in play: the IdP's (IssueInstant),
 * AWS's (the Date header of its answer to the POST) and the browser's (hop start times). The
 * IdP-vs-AWS offset is measured at the moment of issuing: AWS's Date minus the posting delay, which
 * the browser measures on its own clock, so a slow or replayed POST is not mistaken for skew.
 * Without AWS's Date, the IdP is compared with the browser (a warning: either may be wrong).
 */
export const samlClockSkew: Scenario = {
  id: 'saml-clock-skew',
  rank: 40,
  detect(analyzed, context) {
    const facts = readFlowFacts(analyzed, context);
    const primary = facts.primary;
    if (primary === undefined) return [];
    const flow = analyzed.flow;
    const hop = primary.hop;
    const hopId = hop.id;

    const issuedText = facts.assertion?.issueInstant ?? primary.response.issueInstant ?? facts.assertion?.conditions?.notBefore;
    const issued = parseSamlInstant(issuedText);
    if (issued === undefined || issuedText === undefined) return [];
    const awsDate = hop.serverDate === undefined ? Number.NaN : Date.parse(hop.serverDate);
    const posted = flow.source === 'message' ? Number.NaN : Date.parse(hop.startedAt);
    const measuredDelay = postingDelay(flow, hop);
    const delay = measuredDelay ?? 0;
    const field = facts.assertion?.issueInstant !== undefined ? 'saml:Assertion/@IssueInstant' : primary.response.issueInstant !== undefined ? 'samlp:Response/@IssueInstant' : 'saml:Assertion/saml:Conditions/@NotBefore';
    const issuedEvidence: EvidenceInit = { label: 'IdP clock (IssueInstant)', observed: issuedText, hopId, field };

    if (!Number.isNaN(awsDate)) {
      const skew = issued - (awsDate - delay);
      const browserOffset = Number.isNaN(posted) ? undefined : posted - awsDate;
      // The browser's clock is the odd one out only when it disagrees with both other clocks.
      const browserOff = browserOffset !== undefined && Math.abs(browserOffset) > ALLOWED_SKEW_MS && Math.abs(posted - delay - issued) > ALLOWED_SKEW_MS;
      const awsEvidence: EvidenceInit = { label: "AWS's clock (Date header)", observed: hop.serverDate, hopId, field: 'Date' };
      const browserEvidence: EvidenceInit | undefined =
        browserOffset === undefined
          ? undefined
          : {
              label: "This computer's clock (time the POST was sent)",
              observed: `${hop.startedAt} (${describeOffset(browserOffset)} AWS)`,
              hopId,
            };

      if (Math.abs(skew) > ALLOWED_SKEW_MS) {
        const ahead = skew > 0;
        const ambiguous = !ahead && measuredDelay === undefined;
        return [
          createFinding('saml-clock-skew', {
            basis: 'predicted',
            title: `The identity provider's clock is ${formatDuration(skew)} ${ahead ? 'ahead of' : 'behind'} AWS's`,
            summary:
              'The clock of the system that signs you in (Salesforce) and the clock of Amazon Web Services disagree by more than five minutes, so AWS treats the sign-in as expired or not yet valid. Tell your Salesforce admin; it is not something you can fix on your computer.',
            cause: `The response says it was issued at ${issuedText}, while AWS's clock read ${hop.serverDate ?? ''}${measuredDelay === undefined ? '' : ` less the ${formatDuration(measuredDelay)} the browser took to post it`}: a difference of ${formatDuration(skew)}, more than the 5 minutes AWS tolerates.${ambiguous ? ' The flow does not show when Salesforce built the response, so a response posted late (reloaded or replayed) would look the same.' : ''}`,
            evidence: [
              issuedEvidence,
              awsEvidence,
              measuredDelay === undefined ? undefined : { label: 'Posting delay (browser clock)', observed: formatDuration(measuredDelay), hopId },
              { label: 'Offset', observed: `${formatDuration(skew)} ${ahead ? 'ahead' : 'behind'}`, expected: 'within 5 minutes' },
              browserEvidence,
            ],
            remediation: [
              {
                actor: 'salesforce-admin',
                text: 'Salesforce keeps its own servers\' time; report the offset (with this IssueInstant and the time you observed) to Salesforce Support. For an identity provider you run yourself, synchronise its clock with an NTP server.',
              },
              browserOff
                ? { actor: 'agent', text: 'Your computer\'s clock is off as well: switch on automatic date and time in the operating system settings.' }
                : undefined,
              retestStep(),
            ],
            sources: [SEED_SOURCES.awsIamSamlErrorsGuide],
          }),
        ];
      }
      if (browserOff) {
        return [
          createFinding('saml-clock-skew', {
            severity: 'info',
            basis: 'predicted',
            title: `This computer's clock is ${formatDuration(browserOffset)} ${browserOffset > 0 ? 'ahead of' : 'behind'} AWS's`,
            summary:
              'Your computer shows the wrong time. It does not stop the sign-in, but the times in this report are shifted; set your computer to automatic date and time.',
            cause: 'The times the browser recorded differ from AWS\'s Date header by more than 5 minutes, while Salesforce\'s and AWS\'s clocks agree. Only the browser\'s timestamps are affected.',
            evidence: [issuedEvidence, awsEvidence, browserEvidence],
            remediation: [{ actor: 'agent', text: 'Switch on automatic date and time (network time) in the operating system settings.' }],
            sources: [SEED_SOURCES.awsIamSamlErrorsGuide],
          }),
        ];
      }
      return [];
    }

    if (Number.isNaN(posted)) return [];
    const issuing = measuredDelay === undefined ? posted : posted - measuredDelay;
    const skew = issued - issuing;
    if (Math.abs(skew) <= ALLOWED_SKEW_MS) return [];
    return [
      createFinding('saml-clock-skew', {
        severity: 'warning',
        basis: 'predicted',
        title: `The identity provider's clock and this computer's differ by ${formatDuration(skew)}`,
        summary:
          'Either the clock of the system that signs you in (Salesforce) or your computer\'s clock is wrong by more than five minutes. Check your computer\'s time first; if it is right, tell your Salesforce admin.',
        cause: `The response says it was issued at ${issuedText}, but the browser's clock read ${new Date(issuing).toISOString()} then. AWS's own time was not captured, so it is unknown which clock is wrong; if it is the identity provider's, AWS refuses the assertion as expired or not yet valid.`,
        evidence: [
          issuedEvidence,
          { label: "This computer's clock", observed: new Date(issuing).toISOString(), hopId },
          { label: 'Offset', observed: `${formatDuration(skew)} ${skew > 0 ? 'ahead' : 'behind'}`, expected: 'within 5 minutes' },
        ],
        remediation: [
          { actor: 'agent', text: 'Check that your computer uses automatic date and time; correct it and try again.' },
          {
            actor: 'salesforce-admin',
            text: 'If the computer\'s time is right, report the offset of the IssueInstant to Salesforce Support (or synchronise your own identity provider with NTP).',
          },
          retestStep(),
        ],
        sources: [SEED_SOURCES.awsIamSamlErrorsGuide],
      }),
    ];
  },
};

function describeOffset(offset: number): string {
  if (Math.abs(offset) < 1000) return 'same as';
  return `${formatDuration(offset)} ${offset > 0 ? 'ahead of' : 'behind'}`;
}

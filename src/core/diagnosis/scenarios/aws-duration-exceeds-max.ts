import { AWS_ATTRIBUTE } from '../../message/saml-message.ts';
import { createFinding } from '../create-finding.ts';
import { findPage, orPlaceholder, readFlowFacts } from '../read-flow-facts.ts';
import { CONSOLE_PATHS, retestStep } from '../remediation-steps.ts';
import type { Scenario } from '../scenario.ts';
import { SEED_SOURCES } from '../seed-sources.ts';

/** STS DurationSeconds bounds (domain.md §3.2, seed 004 error 9: at most 12 hours). */
const MIN_SECONDS = 900;
const MAX_SECONDS = 43_200;

/**
 * Seed 004 error 9, "Requested DurationSeconds exceeds MaxSessionDuration set for this role": the
 * optional SessionDuration attribute must be a whole number of seconds from 900 to 43200, and no
 * more than the role's MaxSessionDuration (when the context knows it). Also reported, as observed,
 * when AWS's page says so although the value looks fine (the role's limit is then lower).
 */
export const awsDurationExceedsMax: Scenario = {
  id: 'aws-duration-exceeds-max',
  rank: 44,
  detect(analyzed, context) {
    const facts = readFlowFacts(analyzed, context);
    const primary = facts.primary;
    const page = findPage(facts, 'aws-duration-exceeds-max');
    const raw = facts.assertion?.aws.sessionDuration?.[0];
    const problem = raw === undefined ? undefined : judge(raw.trim(), context.roleMaxSessionDuration);
    if (problem === undefined && page === undefined) return [];

    const seconds = raw === undefined || !/^\d+$/.test(raw.trim()) ? undefined : Number(raw.trim());
    const roleName = orPlaceholder(facts.role?.roleName, 'contact-center-SAMLRole');
    const raiseTo = seconds !== undefined && seconds >= MIN_SECONDS && seconds <= MAX_SECONDS ? seconds : MAX_SECONDS;
    const roleMax = context.roleMaxSessionDuration;

    return [
      createFinding('aws-duration-exceeds-max', {
        basis: page === undefined ? 'predicted' : 'observed',
        title:
          problem?.kind === 'not-a-number'
            ? `The SessionDuration ${JSON.stringify(raw)} is not a whole number of seconds`
            : problem?.kind === 'too-short'
              ? `The SessionDuration ${String(seconds)} s is below the AWS minimum of ${String(MIN_SECONDS)} s`
              : `The requested SessionDuration${seconds === undefined ? '' : ` of ${String(seconds)} s`} exceeds what the role allows`,
        summary:
          'Salesforce asks Amazon Web Services for a session length that AWS does not allow, so the sign-in fails. Ask your Salesforce admin to change the session duration, or your AWS admin to raise the role\'s maximum.',
        cause: `The attribute ${AWS_ATTRIBUTE.sessionDuration} asks for a session length in seconds. AWS accepts a whole number from ${String(MIN_SECONDS)} to ${String(MAX_SECONDS)} (12 hours) and never more than the role's MaxSessionDuration (1 hour unless raised); otherwise it answers "Requested DurationSeconds exceeds MaxSessionDuration set for this role". Amazon Connect ends sessions after 12 hours whatever the value.`,
        evidence: [
          page === undefined ? undefined : { label: 'AWS sign-in page', observed: page.page.excerpt, hopId: page.hop.id },
          raw === undefined
            ? undefined
            : {
                label: 'SessionDuration',
                observed: problem === undefined ? raw : `${raw} (${problem.reason})`,
                expected: `a whole number from ${String(MIN_SECONDS)} to ${String(Math.min(MAX_SECONDS, roleMax ?? MAX_SECONDS))}`,
                hopId: primary?.hop.id,
                field: `saml:Assertion/saml:AttributeStatement/saml:Attribute[@Name='${AWS_ATTRIBUTE.sessionDuration}']/saml:AttributeValue[1]`,
              },
          roleMax === undefined ? undefined : { label: 'Role MaxSessionDuration', observed: `${String(roleMax)} s` },
        ],
        remediation: [
          {
            actor: 'salesforce-admin',
            text: `Lower the value of the custom attribute ${AWS_ATTRIBUTE.sessionDuration} to a whole number of seconds within the role's maximum${roleMax === undefined ? '' : ` (${String(roleMax)})`}, or remove the attribute to get AWS's default.`,
            consolePath: CONSOLE_PATHS.connectedAppAttributes,
          },
          {
            actor: 'aws-admin',
            text: `Or raise the role's maximum session duration (at most ${String(MAX_SECONDS)} seconds); first check its current value.`,
            consolePath: `AWS Management Console → IAM → Roles → ${roleName} → Summary → Maximum session duration`,
            command: `aws iam get-role --role-name ${roleName} --query Role.MaxSessionDuration && aws iam update-role --role-name ${roleName} --max-session-duration ${String(raiseTo)}`,
          },
          retestStep(),
        ],
        sources: [SEED_SOURCES.awsIamSamlErrorsGuide],
      }),
    ];
  },
};

interface DurationProblem {
  readonly kind: 'not-a-number' | 'too-short' | 'too-long' | 'over-role-max';
  readonly reason: string;
}

function judge(value: string, roleMax: number | undefined): DurationProblem | undefined {
  if (!/^\d+$/.test(value)) return { kind: 'not-a-number', reason: 'not a whole number of seconds' };
  const seconds = Number(value);
  if (seconds < MIN_SECONDS) return { kind: 'too-short', reason: `below the minimum of ${String(MIN_SECONDS)} s` };
  if (seconds > MAX_SECONDS) return { kind: 'too-long', reason: `${String(seconds - MAX_SECONDS)} s over the AWS maximum of ${String(MAX_SECONDS)} s` };
  if (roleMax !== undefined && seconds > roleMax) return { kind: 'over-role-max', reason: `${String(seconds - roleMax)} s over the role's MaxSessionDuration of ${String(roleMax)} s` };
  return undefined;
}

import { createFinding } from '../create-finding.ts';
import { matchConnectUser } from '../match-connect-user.ts';
import { readUsernameFormat, usernameFormatEvidence } from '../predict-connect-username.ts';
import { findPage, readFlowFacts } from '../read-flow-facts.ts';
import { CONSOLE_PATHS, listUsersCommand, retestStep } from '../remediation-steps.ts';
import type { Scenario } from '../scenario.ts';
import { SEED_SOURCES } from '../seed-sources.ts';

/**
 * Seed 004 (case study 2) / seed 002: Connect usernames are case-sensitive, so a RoleSessionName
 * that equals a Connect username except for letter case is "not onboarded". Predicted from the
 * Connect user list or, without one (a warning), from the admin's Connect username format; when
 * the "not onboarded" page was seen too, this is its precise cause.
 */
export const connectUsernameCaseMismatch: Scenario = {
  id: 'connect-username-case-mismatch',
  rank: 80,
  detect(analyzed, context) {
    const facts = readFlowFacts(analyzed, context);
    const name = facts.roleSessionName;
    if (name === undefined) return [];
    const format = readUsernameFormat(facts, context.connectUsernameFormat);
    // The user list is what Connect has; the format (the admin's word) only speaks without one.
    const listed = context.connectUsers === undefined ? undefined : matchConnectUser(context.connectUsers, name).caseOnly?.username;
    const formatted = context.connectUsers === undefined && format?.verdict === 'case-only' && !facts.reachedConnect ? format.expected : undefined;
    const username = listed ?? formatted;
    if (username === undefined) return [];
    const seen = findPage(facts, 'connect-not-onboarded');
    const alias = salesforceVoiceAlias(name);
    const user = { username };
    return [
      createFinding('connect-username-case-mismatch', {
        basis: seen === undefined ? 'predicted' : 'observed',
        severity: seen === undefined && listed === undefined ? 'warning' : 'error',
        title:
          listed === undefined
            ? `The RoleSessionName ${name} follows your Connect username format (${username}) only if letter case is ignored`
            : `The RoleSessionName ${name} matches the Connect user ${user.username} only if letter case is ignored`,
        summary:
          'Your Amazon Connect user name and the name Salesforce signs you in with differ only in capital and small letters, and Connect treats them as different people. Ask your contact center admin to make them identical.',
        cause: `Amazon Connect compares the RoleSessionName with usernames case-sensitively. ${name} and ${user.username} differ only in letter case, so Connect finds no user and refuses the sign-in as "not onboarded".`,
        evidence: [
          seen === undefined ? undefined : { label: 'Amazon Connect page', observed: seen.page.excerpt, hopId: seen.hop.id },
          listed === undefined ? undefined : { label: 'RoleSessionName', observed: name, expected: user.username, hopId: facts.primary?.hop.id, field: 'Attribute https://aws.amazon.com/SAML/Attributes/RoleSessionName' },
          format === undefined ? undefined : usernameFormatEvidence(format, name, facts.primary?.hop.id),
        ],
        remediation: [
          {
            actor: 'salesforce-admin',
            text:
              alias === undefined
                ? `Change the attribute that builds the RoleSessionName so that it produces ${user.username} exactly, letter case included.`
                : `The RoleSessionName follows the Salesforce Voice format <Alias>@<UserId>@<OrgId>; its Alias part (${alias}) is the usual place where the case changed. Set the user's Alias so that the result is ${user.username} exactly.`,
            consolePath: alias === undefined ? CONSOLE_PATHS.connectedAppAttributes : 'Setup → Users → <user> → Edit → Alias',
          },
          {
            actor: 'salesforce-admin',
            text: 'Alternatively remove the user from the contact center and add them again, so that the Connect user is re-created with the name Salesforce sends now.',
            consolePath: CONSOLE_PATHS.contactCenterUsers,
          },
          {
            actor: 'connect-admin',
            text: `Confirm the exact spelling of the Connect username ${user.username}.`,
            command: listUsersCommand(facts, user.username),
          },
          retestStep(),
        ],
        sources: [SEED_SOURCES.awsIamSamlErrorsGuide, SEED_SOURCES.awsTroubleshootConnectSaml, SEED_SOURCES.salesforceVoiceSsoErrors],
      }),
    ];
  },
};

/** The Alias part of `<Alias>@<UserId>@<OrgId>` (Salesforce user ids start 005, org ids 00D). */
function salesforceVoiceAlias(name: string): string | undefined {
  return /^(.+)@005[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?@00D[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/.exec(name)?.[1];
}

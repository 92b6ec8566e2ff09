import { createFinding } from '../create-finding.ts';
import { matchConnectUser } from '../match-connect-user.ts';
import { readUsernameFormat, usernameFormatEvidence } from '../predict-connect-username.ts';
import { findPage, readFlowFacts } from '../read-flow-facts.ts';
import { CONSOLE_PATHS, listUsersCommand, retestStep } from '../remediation-steps.ts';
import type { Scenario } from '../scenario.ts';
import { SEED_SOURCES } from '../seed-sources.ts';

/**
 * Seed 000 error #5 / seed 002: "authenticated, but has not been onboarded". Observed on the
 * Connect page, or predicted when the Connect user list is known and no username equals the
 * RoleSessionName, or (a warning) when no list is known and the RoleSessionName is not the
 * username the admin's Connect username format predicts. A username that differs only in case
 * is `connect-username-case-mismatch`'s.
 */
export const connectNotOnboarded: Scenario = {
  id: 'connect-not-onboarded',
  rank: 81,
  detect(analyzed, context) {
    const facts = readFlowFacts(analyzed, context);
    const seen = findPage(facts, 'connect-not-onboarded');
    const name = facts.roleSessionName;
    const users = context.connectUsers;
    const match = users === undefined || name === undefined ? undefined : matchConnectUser(users, name);
    if (match?.caseOnly !== undefined) return [];
    const format = readUsernameFormat(facts, context.connectUsernameFormat);
    // Without a user list, a name of the admin's format but for letter case is connect-username-case-mismatch's.
    if (users === undefined && format?.verdict === 'case-only') return [];
    const predicted = users !== undefined && users.length > 0 && match !== undefined && match.exact === undefined;
    // The format is the admin's word, not the instance's user list: a warning, and only while
    // nothing better is known (no list, no Connect page, Connect not reached).
    const predictedFromFormat = users === undefined && format?.verdict === 'differs' && !facts.reachedConnect;
    if (seen === undefined && !predicted && !predictedFromFormat) return [];

    const hopId = facts.primary?.hop.id;
    const nameDiffers = format?.verdict === 'differs';
    return [
      createFinding('connect-not-onboarded', {
        basis: seen === undefined ? 'predicted' : 'observed',
        severity: seen === undefined && !predicted ? 'warning' : 'error',
        title:
          seen !== undefined
            ? 'Amazon Connect: "authenticated, but not onboarded" — no Connect user matches the RoleSessionName'
            : predicted
              ? 'Amazon Connect will not find the user: no Connect username equals the RoleSessionName'
              : 'Amazon Connect may not find the user: the RoleSessionName is not the username your format predicts',
        summary:
          'AWS accepted your sign-in, but Amazon Connect has no user for you. Ask your contact center admin to add you to the contact center\'s users in Salesforce.',
        cause:
          match?.exact !== undefined
            ? `A Connect user named exactly ${match.exact.username} is in the user list given, yet Connect refused: the list may come from another instance than the one the flow went to, or two Connect users or profiles claim the same identity.`
            : nameDiffers && name !== undefined
              ? `The RoleSessionName ${name} is not the username your Connect username format predicts (${format.expected}). Connect looks the user up by the RoleSessionName, so the connected app's RoleSessionName attribute builds a name other than the one Connect users are created with, or the user exists under another name.`
              : `AWS accepted the assertion, but the Connect instance has no user whose username equals the RoleSessionName${name === undefined ? '' : ` ${name}`}. The user was never added to the contact center, was removed, or exists under a different name.`,
        evidence: [
          seen === undefined ? undefined : { label: 'Amazon Connect page', observed: seen.page.excerpt, hopId: seen.hop.id },
          name === undefined ? undefined : { label: 'RoleSessionName', observed: name, expected: 'an existing Connect username, same letter case', hopId, field: 'Attribute https://aws.amazon.com/SAML/Attributes/RoleSessionName' },
          users === undefined || name === undefined
            ? undefined
            : {
                label: 'Connect users (list given)',
                observed: match?.exact === undefined ? `no username equals ${name} among ${String(users.length)} users` : `${match.exact.username} is listed`,
                expected: name,
              },
          format === undefined ? undefined : usernameFormatEvidence(format, name, hopId),
          facts.instanceId === undefined ? undefined : { label: 'Connect instance', observed: facts.instanceId, field: 'federate URL / RelayState' },
        ],
        remediation: [
          nameDiffers
            ? {
                actor: 'salesforce-admin',
                text: `Make the connected app's RoleSessionName attribute produce the Connect username, ${format.expected} by your format (letter case included), or correct the format setting if Connect usernames are built another way.`,
                consolePath: CONSOLE_PATHS.connectedAppAttributes,
              }
            : undefined,
          {
            actor: 'salesforce-admin',
            text: 'Give the user the contact center agent (or admin) permission set and add them to the contact center\'s users; Salesforce then creates the matching Amazon Connect user.',
            consolePath: `${CONSOLE_PATHS.contactCenterUsers} → Add`,
          },
          {
            actor: 'salesforce-admin',
            text: 'If the user is already listed there, remove them and add them again so that Salesforce re-creates their Amazon Connect user.',
            consolePath: CONSOLE_PATHS.contactCenterUsers,
          },
          {
            actor: 'connect-admin',
            text: `Check whether Amazon Connect has a user named exactly ${name ?? 'the RoleSessionName'} (usernames are case-sensitive). An empty result means the user is missing.`,
            command: listUsersCommand(facts, name),
          },
          retestStep(),
        ],
        sources: [SEED_SOURCES.salesforceVoiceSsoErrors, SEED_SOURCES.awsTroubleshootConnectSaml, SEED_SOURCES.salesforceConfigureSso],
      }),
    ];
  },
};

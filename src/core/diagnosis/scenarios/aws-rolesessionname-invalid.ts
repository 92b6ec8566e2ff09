import { AWS_ATTRIBUTE } from '../../message/saml-message.ts';
import { createFinding } from '../create-finding.ts';
import { findPage, readFlowFacts } from '../read-flow-facts.ts';
import { CONSOLE_PATHS, listUsersCommand, retestStep } from '../remediation-steps.ts';
import type { Scenario } from '../scenario.ts';
import { SEED_SOURCES } from '../seed-sources.ts';

/** STS: RoleSessionName is 2 to 64 characters of letters, digits and + = , . @ _ - (seed 004 error 3). */
const ALLOWED_CHARACTER = /^[A-Za-z0-9_+=,.@-]$/;
const MIN_LENGTH = 2;
const MAX_LENGTH = 64;

/**
 * Seed 004 error 3, "RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}". The
 * value is checked without its leading/trailing whitespace: padding is aws-attribute-whitespace's
 * finding, so one fault is not reported twice.
 */
export const awsRolesessionnameInvalid: Scenario = {
  id: 'aws-rolesessionname-invalid',
  rank: 34,
  detect(analyzed, context) {
    const facts = readFlowFacts(analyzed, context);
    const primary = facts.primary;
    const assertion = facts.assertion;
    const page = findPage(facts, 'aws-rolesessionname-invalid');

    const value = assertion?.aws.roleSessionName?.[0]?.trim();
    const problems = value === undefined || value === '' ? [] : describeProblems(value);
    if (problems.length === 0 && (page === undefined || assertion !== undefined)) return [];

    return [
      createFinding('aws-rolesessionname-invalid', {
        basis: page === undefined ? 'predicted' : 'observed',
        title: value === undefined || problems.length === 0 ? 'AWS rejected the RoleSessionName value' : `The RoleSessionName ${JSON.stringify(value)} is not a valid AWS session name`,
        summary:
          'The username Salesforce sends to Amazon Web Services has characters or a length AWS does not allow. Ask your Salesforce admin to change how the single sign-on app builds the RoleSessionName (your Amazon Connect username must follow the same rule).',
        cause: `AWS only accepts a RoleSessionName of ${String(MIN_LENGTH)} to ${String(MAX_LENGTH)} characters made of letters, digits and the characters + = , . @ _ -. Spaces, apostrophes, accented letters and other symbols, or a name built from too many fields, make AWS answer "RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}" (InvalidIdentityToken).`,
        evidence: [
          page === undefined ? undefined : { label: 'AWS sign-in page', observed: page.page.excerpt, hopId: page.hop.id },
          value === undefined || problems.length === 0
            ? undefined
            : {
                label: 'RoleSessionName',
                observed: `${JSON.stringify(value)}: ${problems.join('; ')}`,
                expected: `${String(MIN_LENGTH)}-${String(MAX_LENGTH)} characters matching [a-zA-Z_0-9+=,.@-]`,
                hopId: primary?.hop.id,
                field: `saml:Assertion/saml:AttributeStatement/saml:Attribute[@Name='${AWS_ATTRIBUTE.roleSessionName}']/saml:AttributeValue[1]`,
              },
        ],
        remediation: [
          {
            actor: 'salesforce-admin',
            text: `Change the formula of the custom attribute ${AWS_ATTRIBUTE.roleSessionName} so that it only yields allowed characters and at most ${String(MAX_LENGTH)} of them (for example drop or SUBSTITUTE() the offending characters, or use fewer fields; Salesforce Voice's default is $User.Id & '@' & $Organization.Id).`,
            consolePath: CONSOLE_PATHS.connectedAppAttributes,
          },
          {
            actor: 'connect-admin',
            text: 'Make sure the Amazon Connect username of each agent is exactly what the new formula produces.',
            command: listUsersCommand(facts, undefined),
          },
          retestStep(),
        ],
        sources: [SEED_SOURCES.awsIamSamlErrorsGuide],
      }),
    ];
  },
};

/** What is wrong with the value, in words: the length, and each character AWS refuses. */
export function describeProblems(value: string): string[] {
  // Code points, not UTF-16 units: an accented letter or emoji counts (and is named) once.
  const characters = Array.from(value);
  const problems: string[] = [];
  if (characters.length < MIN_LENGTH) problems.push(`${String(characters.length)} character long, at least ${String(MIN_LENGTH)} needed`);
  if (characters.length > MAX_LENGTH) problems.push(`${String(characters.length)} characters long, ${String(characters.length - MAX_LENGTH)} over the limit of ${String(MAX_LENGTH)}`);
  const refused = [...new Set(characters.filter((character) => !ALLOWED_CHARACTER.test(character)))];
  if (refused.length > 0) {
    problems.push(`not allowed: ${refused.map(nameCharacter).join(', ')}`);
  }
  return problems;
}

function nameCharacter(character: string): string {
  const code = `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  if (character === ' ') return `space (${code})`;
  if (/\s/.test(character)) return `whitespace ${code}`;
  if (/[\p{Cc}\p{Cf}]/u.test(character)) return `invisible character ${code}`;
  return `"${character}" (${code})`;
}

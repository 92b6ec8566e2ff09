import { AWS_ATTRIBUTE } from '../../message/saml-message.ts';
import { createFinding, type EvidenceInit } from '../create-finding.ts';
import { findPage, readFlowFacts } from '../read-flow-facts.ts';
import { CONSOLE_PATHS, retestStep } from '../remediation-steps.ts';
import type { Scenario } from '../scenario.ts';
import { SEED_SOURCES } from '../seed-sources.ts';

const AWS_ATTRIBUTE_PREFIX = 'https://aws.amazon.com/SAML/Attributes/';

/**
 * Seed 004 error 1: a space (or tab, line break) before or after an AWS attribute value makes AWS
 * reject the response. The model keeps values exactly as sent, so padding is visible here. Checks
 * the Role and RoleSessionName values first of all, and every other AWS attribute as well; for Role
 * values, whitespace next to the separating comma counts too.
 */
export const awsAttributeWhitespace: Scenario = {
  id: 'aws-attribute-whitespace',
  rank: 32,
  detect(analyzed, context) {
    const facts = readFlowFacts(analyzed, context);
    const primary = facts.primary;
    const assertion = facts.assertion;
    if (primary === undefined || assertion === undefined) return [];

    const padded: EvidenceInit[] = [];
    const names: string[] = [];
    for (const attribute of assertion.attributes) {
      if (!isAwsAttribute(attribute.name)) continue;
      const isRole = attribute.name === AWS_ATTRIBUTE.role || attribute.name === AWS_ATTRIBUTE.roleChina;
      attribute.values.forEach((value, index) => {
        if (value.trim() === '' || !hasPadding(value, isRole)) return;
        padded.push({
          label: `${shortName(attribute.name)} value`,
          observed: showWhitespace(value, isRole),
          expected: isRole ? value.split(',').map((part) => part.trim()).join(',') : value.trim(),
          hopId: primary.hop.id,
          field: `saml:Assertion/saml:AttributeStatement/saml:Attribute[@Name='${attribute.name}']/saml:AttributeValue[${String(index + 1)}]`,
        });
        if (!names.includes(attribute.name)) names.push(attribute.name);
      });
    }
    if (padded.length === 0) return [];

    const page = findPage(facts, 'aws-invalid-saml-response', 'aws-rolesessionname-invalid');
    const list = names.map(shortName).join(' and ');
    return [
      createFinding('aws-attribute-whitespace', {
        // Only the RoleSessionName page names this fault; the generic page has several causes.
        basis: page?.page.classification === 'aws-rolesessionname-invalid' && names.includes(AWS_ATTRIBUTE.roleSessionName) ? 'observed' : 'predicted',
        title: `Leading or trailing whitespace in the AWS ${list} attribute${padded.length === 1 ? '' : 's'}`,
        summary:
          'A value Salesforce sends to Amazon Web Services has an extra space or line break around it, and AWS refuses it. Ask your Salesforce admin to remove the extra whitespace from the single sign-on app\'s attributes.',
        cause:
          'AWS compares attribute values exactly and does not trim them. A space, tab or line break before or after a Role or RoleSessionName value (often typed into the connected app\'s custom attribute, or coming from a field that ends with a space) makes the sign-in fail, usually with "Your request included an invalid SAML response". The markers ␠ (space), ␉ (tab), ␤ (line feed) and ␍ (carriage return) show where the extra characters are.',
        evidence: [page === undefined ? undefined : { label: 'AWS sign-in page', observed: page.page.excerpt, hopId: page.hop.id }, ...padded],
        remediation: [
          {
            actor: 'salesforce-admin',
            text: `Edit the custom attribute${names.length === 1 ? '' : 's'} ${names.join(', ')} of the contact center's connected app and remove the whitespace around the value (if the value is a formula, wrap it in TRIM()).`,
            consolePath: CONSOLE_PATHS.connectedAppAttributes,
          },
          {
            actor: 'salesforce-admin',
            text: 'If the value comes from a user field (for example the username, alias or federation id), check that field on the affected user records for trailing spaces as well.',
          },
          retestStep(),
        ],
        sources: [SEED_SOURCES.awsIamSamlErrorsGuide],
      }),
    ];
  },
};

function isAwsAttribute(name: string): boolean {
  return name.startsWith(AWS_ATTRIBUTE_PREFIX) || name === AWS_ATTRIBUTE.roleChina;
}

function shortName(name: string): string {
  if (name === AWS_ATTRIBUTE.roleChina) return 'Role';
  return name.startsWith(AWS_ATTRIBUTE_PREFIX) ? name.slice(AWS_ATTRIBUTE_PREFIX.length) : name;
}

function hasPadding(value: string, isRole: boolean): boolean {
  if (value !== value.trim()) return true;
  return isRole && /\s,|,\s/.test(value);
}

const MARKERS: Readonly<Record<string, string>> = { ' ': '␠', '\t': '␉', '\n': '␤', '\r': '␍', '\u00a0': '⍽' };

function marker(character: string): string {
  return MARKERS[character] ?? `⟨U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

/**
 * The value with its leading and trailing whitespace (and, for Role values, the whitespace around
 * the comma) replaced by visible markers; whitespace inside words is left alone.
 */
export function showWhitespace(value: string, aroundCommas = false): string {
  const mark = (run: string): string => Array.from(run, marker).join('');
  let shown = value.replace(/^\s+/, mark).replace(/\s+$/, mark);
  if (aroundCommas) shown = shown.replace(/\s+(?=,)|(?<=,)\s+/g, mark);
  return shown;
}

import type { AwsRolePair, SamlAssertion } from '../message/saml-message.ts';
import { parseUsernameFormat, type UsernameFormatPlaceholder } from '../settings/parse-username-format.ts';
import type { EvidenceInit } from './create-finding.ts';
import type { FlowFacts } from './read-flow-facts.ts';

/** What the admin's Connect username format says about the RoleSessionName of one assertion. */
export interface ConnectUsernamePrediction {
  /** The format as set, e.g. `{Alias}@{UserId}@{OrgId}`. */
  readonly format: string;
  /**
   * The username the format predicts. Placeholders the assertion does not fill take the text the
   * RoleSessionName has in their place, or stay as `{Name}` when the RoleSessionName does not fit.
   */
  readonly expected: string;
  /**
   * `matches`: the RoleSessionName is a username of this format; `case-only`: it would be, but for
   * letter case (Connect compares case-sensitively); `differs`: it is not.
   */
  readonly verdict: 'matches' | 'case-only' | 'differs';
  /** Placeholders the assertion carries no value for: any text is accepted in their place. */
  readonly unknown: readonly UsernameFormatPlaceholder[];
  /** The sentence evidence rows carry in their `expected` column. */
  readonly evidence: string;
}

/** RoleSessionName is at most 64 characters for STS; anything far longer is not compared. */
const MAX_COMPARED = 256;
const PROVIDER_PREFIX = 'SalesforceVoiceIdp_';

/**
 * Compares a RoleSessionName with the username the admin's format predicts from the assertion
 * (for SAML-federated Connect the username must equal the RoleSessionName, case included: seed
 * 002, seed 004). Undefined when the format is unusable, the name is absurdly long, or the
 * assertion fills none of the format's placeholders (nothing to predict from).
 */
export function predictConnectUsername(format: string, assertion: SamlAssertion, role: AwsRolePair | undefined, roleSessionName: string): ConnectUsernamePrediction | undefined {
  const parsed = parseUsernameFormat(format);
  if (!parsed.ok || roleSessionName.length > MAX_COMPARED) return undefined;
  const unknown: UsernameFormatPlaceholder[] = [];
  // One capture group per placeholder: a match tells which text stood for it.
  const slots: (readonly string[] | undefined)[] = [];
  let pattern = '';
  let previousWildcard = false;
  for (const part of parsed.parts) {
    if ('literal' in part) {
      pattern += escapeRegExp(part.literal);
      previousWildcard = false;
      continue;
    }
    const forms = placeholderForms(part.placeholder, assertion, role);
    if (forms.length === 0) {
      unknown.push(part.placeholder);
      // Adjacent free placeholders are one run of text: merging them keeps the match cheap.
      pattern += previousWildcard ? '()' : part.placeholder === 'Alias' ? '([^@]+)' : '(.+)';
      slots.push(undefined);
      previousWildcard = true;
      continue;
    }
    pattern += `(${forms.map(escapeRegExp).join('|')})`;
    slots.push(forms);
    previousWildcard = false;
  }
  if (slots.every((slot) => slot === undefined)) return undefined;
  const exact = new RegExp(`^${pattern}$`, 's').exec(roleSessionName);
  const folded = exact ?? new RegExp(`^${pattern}$`, 'is').exec(roleSessionName);
  const verdict = exact !== null ? 'matches' : folded !== null ? 'case-only' : 'differs';
  // The predicted name: known values as the assertion has them (the id form the RoleSessionName
  // uses), free placeholders as the RoleSessionName fills them, or `{Name}` when it does not fit.
  let expected = '';
  let slot = 0;
  for (const part of parsed.parts) {
    if ('literal' in part) {
      expected += part.literal;
      continue;
    }
    const forms = slots[slot];
    const matched = folded?.[slot + 1];
    slot++;
    if (forms === undefined) expected += matched ?? `{${part.placeholder}}`;
    else expected += forms.find((form) => matched !== undefined && form.toLowerCase() === matched.toLowerCase()) ?? forms.find((form) => roleSessionName.includes(form)) ?? forms[0] ?? '';
  }
  return { format, expected, verdict, unknown, evidence: `expected per your username format ${format}: ${expected}` };
}

/** The admin's username format applied to the flow's assertion, when both are there. */
export function readUsernameFormat(facts: FlowFacts, format: string | undefined): ConnectUsernamePrediction | undefined {
  if (format === undefined || facts.assertion === undefined || facts.roleSessionName === undefined) return undefined;
  return predictConnectUsername(format, facts.assertion, facts.role, facts.roleSessionName);
}

/** The evidence row comparing the RoleSessionName with the username the format predicts. */
export function usernameFormatEvidence(format: ConnectUsernamePrediction, name: string | undefined, hopId: string | undefined): EvidenceInit {
  const unknown = format.unknown.length === 0 ? '' : ` (${format.unknown.map((placeholder) => `{${placeholder}}`).join(', ')}: not in the assertion, any value accepted)`;
  return {
    label: 'RoleSessionName and your Connect username format',
    observed: format.verdict === 'matches' ? `${name ?? ''} follows your username format ${format.format}` : name,
    expected: format.verdict === 'matches' ? undefined : `${format.evidence}${unknown}`,
    hopId,
    field: 'Attribute https://aws.amazon.com/SAML/Attributes/RoleSessionName',
  };
}

/** The values a placeholder may stand for in this assertion, preferred first; empty when unknown. */
function placeholderForms(placeholder: UsernameFormatPlaceholder, assertion: SamlAssertion, role: AwsRolePair | undefined): readonly string[] {
  switch (placeholder) {
    case 'UserId':
      return salesforceIdForms(attribute(assertion, 'userId'));
    case 'OrgId': {
      const name = role?.providerName;
      return salesforceIdForms(name?.startsWith(PROVIDER_PREFIX) === true ? name.slice(PROVIDER_PREFIX.length) : undefined);
    }
    case 'Username':
      return present(attribute(assertion, 'username'));
    case 'Email':
      return present(attribute(assertion, 'email'));
    case 'FederationId':
      return present(assertion.subject?.nameId?.value.trim());
    case 'Alias':
      return [];
  }
}

/** The first value of the Salesforce standard attribute of that name (domain.md §5.4). */
function attribute(assertion: SamlAssertion, name: string): string | undefined {
  return assertion.attributes.find((candidate) => candidate.name === name)?.values[0]?.trim();
}

function present(value: string | undefined): readonly string[] {
  return value === undefined || value === '' ? [] : [value];
}

/**
 * A Salesforce record id in both of its forms, 18-character first: the 15-character id plus the
 * three-character suffix that encodes the letter case of its three 5-character chunks. Other
 * text is returned as it is.
 */
export function salesforceIdForms(value: string | undefined): readonly string[] {
  if (value === undefined || value === '') return [];
  if (/^[A-Za-z0-9]{15}$/.test(value)) return [`${value}${caseSuffix(value)}`, value];
  if (/^[A-Za-z0-9]{18}$/.test(value) && caseSuffix(value.slice(0, 15)) === value.slice(15).toUpperCase()) return [value, value.slice(0, 15)];
  return [value];
}

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

function caseSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charAt(chunk * 5 + i);
      if (c >= 'A' && c <= 'Z') bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET.charAt(bits);
  }
  return suffix;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

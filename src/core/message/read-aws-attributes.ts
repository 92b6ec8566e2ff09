import { AWS_ATTRIBUTE, type AwsAttributes, type AwsRoleIssueCode, type AwsRolePair, type SamlAttribute } from './saml-message.ts';

/**
 * Interprets the AWS attributes of one assertion (IAM "Configuring SAML assertions for the
 * authentication response"). Names are compared exactly (they are case-sensitive for AWS); the
 * China-region spelling of the Role attribute is accepted too. Values of repeated attributes are
 * merged in document order. Never throws.
 */
export function readAwsAttributes(attributes: readonly SamlAttribute[]): AwsAttributes {
  const byName = new Map<string, string[]>();
  const seen = new Map<string, number>();
  for (const attribute of attributes) {
    const values = byName.get(attribute.name) ?? [];
    values.push(...attribute.values);
    byName.set(attribute.name, values);
    seen.set(attribute.name, (seen.get(attribute.name) ?? 0) + 1);
  }

  let roleValues: string[] | undefined;
  let roleAttributeName: string | undefined;
  for (const name of [AWS_ATTRIBUTE.role, AWS_ATTRIBUTE.roleChina]) {
    const values = byName.get(name);
    if (values === undefined) continue;
    roleAttributeName ??= name;
    roleValues = [...(roleValues ?? []), ...values];
  }

  // Tag keys come from the message: a key like `__proto__` must stay data, so no prototype.
  const principalTags = Object.create(null) as Record<string, readonly string[]>; // -- reason: Object.create(null) is typed any
  for (const [name, values] of byName) {
    if (name.startsWith(AWS_ATTRIBUTE.principalTagPrefix)) Object.defineProperty(principalTags, name.slice(AWS_ATTRIBUTE.principalTagPrefix.length), { value: values, enumerable: true, writable: false });
  }

  const repeatedAttributeNames = [...seen]
    .filter(([name, count]) => count > 1 && isAwsAttributeName(name))
    .map(([name]) => name);

  const result: { -readonly [K in keyof AwsAttributes]: AwsAttributes[K] } = {
    roleValues,
    roles: (roleValues ?? []).map(readAwsRolePair),
    roleSessionName: byName.get(AWS_ATTRIBUTE.roleSessionName),
    sessionDuration: byName.get(AWS_ATTRIBUTE.sessionDuration),
    sourceIdentity: byName.get(AWS_ATTRIBUTE.sourceIdentity),
    principalTags,
    transitiveTagKeys: byName.get(AWS_ATTRIBUTE.transitiveTagKeys),
  };
  if (roleAttributeName !== undefined) result.roleAttributeName = roleAttributeName;
  if (repeatedAttributeNames.length > 0) result.repeatedAttributeNames = repeatedAttributeNames;
  return result;
}

function isAwsAttributeName(name: string): boolean {
  return name.startsWith('https://aws.amazon.com/SAML/Attributes/') || name === AWS_ATTRIBUTE.roleChina;
}

interface ParsedArn {
  readonly kind: 'role' | 'provider';
  readonly arn: string;
  readonly partition: string;
  readonly accountId: string;
  /** Role name or SAML provider name. */
  readonly name: string;
  readonly rolePath: string | undefined;
}

type ArnReading = { readonly ok: true; readonly arn: ParsedArn } | { readonly ok: false; readonly reason: string };

const KNOWN_PARTITION = /^aws(-[a-z]+)*$/;

/**
 * Reads one ARN of a Role value: `arn:<partition>:iam::<12-digit account>:role/<path/><name>` or
 * `arn:<partition>:iam::<account>:saml-provider/<name>`. The reason says exactly what is off.
 */
function readArn(text: string): ArnReading {
  const fields = text.split(':');
  if (fields.length < 6 || fields[0] !== 'arn') return { ok: false, reason: `"${text}" is not an ARN (expected arn:aws:iam::<account>:role/<name> or :saml-provider/<name>)` };
  const [, partition = '', service = '', region = '', accountId = ''] = fields;
  const resource = fields.slice(5).join(':');
  if (!KNOWN_PARTITION.test(partition)) return { ok: false, reason: `"${text}" has partition "${partition}", not aws, aws-cn, aws-us-gov or another aws-* partition` };
  if (service !== 'iam') return { ok: false, reason: `"${text}" is an ARN of service "${service}", not iam` };
  if (region !== '') return { ok: false, reason: `"${text}" has region "${region}"; IAM ARNs have an empty region field` };
  if (!/^\d{12}$/.test(accountId)) return { ok: false, reason: `"${text}" has account id "${accountId}", which is not 12 digits` };
  if (resource.startsWith('role/')) {
    const path = resource.slice('role/'.length);
    const slash = path.lastIndexOf('/');
    const name = path.slice(slash + 1);
    if (!/^[\w+=.@-]{1,64}$/.test(name)) return { ok: false, reason: `"${text}" has role name "${name}", which is not 1-64 characters of letters, digits and +=.@_-` };
    return { ok: true, arn: { kind: 'role', arn: text, partition, accountId, name, rolePath: slash < 0 ? '/' : `/${path.slice(0, slash + 1)}` } };
  }
  if (resource.startsWith('saml-provider/')) {
    const name = resource.slice('saml-provider/'.length);
    if (!/^[\w.-]{1,128}$/.test(name)) return { ok: false, reason: `"${text}" has SAML provider name "${name}", which is not 1-128 characters of letters, digits and ._-` };
    return { ok: true, arn: { kind: 'provider', arn: text, partition, accountId, name, rolePath: undefined } };
  }
  return { ok: false, reason: `"${text}" names resource "${resource}", neither role/<name> nor saml-provider/<name>` };
}

/**
 * Reads one value of the Role attribute: a role ARN and a SAML provider ARN separated by one
 * comma, in either order (AWS accepts both). Extracts what it can and lists every deviation.
 */
export function readAwsRolePair(raw: string): AwsRolePair {
  const issues: string[] = [];
  const codes = new Set<AwsRoleIssueCode>();
  const flag = (code: AwsRoleIssueCode, message: string): void => {
    issues.push(message);
    codes.add(code);
  };

  if (raw.trim() === '') {
    flag('empty', raw === '' ? 'The Role value is empty.' : 'The Role value is only whitespace.');
    return pair(raw, undefined, undefined, issues, codes);
  }
  if (raw !== raw.trim()) flag('whitespace', `The Role value has ${describeWhitespace(raw)}; AWS rejects it.`);

  const parts = raw.trim().split(',');
  const empties = parts.filter((part) => part.trim() === '').length;
  const filled = parts.filter((part) => part.trim() !== '');
  if (empties > 0) {
    flag('extra-comma', `The Role value has ${String(parts.length - 1)} commas and ${String(empties)} empty part${empties === 1 ? '' : 's'}; it must be exactly "role-arn,provider-arn".`);
  }
  if (filled.length !== 2) {
    flag('part-count', `The Role value has ${String(filled.length)} non-empty comma-separated part${filled.length === 1 ? '' : 's'}; it must have exactly two (a role ARN and a SAML provider ARN).`);
  }

  const arns: ParsedArn[] = [];
  // `parts` come from the trimmed value, so whitespace found here is around a comma.
  filled.forEach((part, index) => {
    const text = part.trim();
    if (text !== part) flag('whitespace', `Part ${String(index + 1)} of the Role value ("${text}") has ${describeWhitespace(part)} next to a comma; AWS rejects it.`);
    const reading = readArn(text);
    if (reading.ok) arns.push(reading.arn);
    else flag('not-an-arn', `Part ${String(index + 1)} of the Role value: ${reading.reason}.`);
  });

  const roles = arns.filter((arn) => arn.kind === 'role');
  const providers = arns.filter((arn) => arn.kind === 'provider');
  if (roles.length === 0) flag('missing-role', 'The Role value has no role ARN (arn:aws:iam::<account>:role/<name>).');
  if (providers.length === 0) flag('missing-provider', 'The Role value has no SAML provider ARN (arn:aws:iam::<account>:saml-provider/<name>).');
  if (roles.length > 1) flag('duplicate-kind', `The Role value has ${String(roles.length)} role ARNs; it must have exactly one.`);
  if (providers.length > 1) flag('duplicate-kind', `The Role value has ${String(providers.length)} SAML provider ARNs; it must have exactly one.`);
  const role = roles.length === 1 ? roles[0] : undefined;
  const provider = providers.length === 1 ? providers[0] : undefined;
  if (role && provider) {
    if (role.accountId !== provider.accountId) {
      flag('account-mismatch', `The role ARN is in account ${role.accountId} but the SAML provider ARN is in account ${provider.accountId}; both must be the same account.`);
    }
    if (role.partition !== provider.partition) {
      flag('partition-mismatch', `The role ARN is in partition ${role.partition} but the SAML provider ARN is in partition ${provider.partition}.`);
    }
  }
  return pair(raw, role, provider, issues, codes, role && provider ? (arns.indexOf(role) < arns.indexOf(provider) ? 'role-first' : 'provider-first') : undefined);
}

function pair(
  raw: string,
  role: ParsedArn | undefined,
  provider: ParsedArn | undefined,
  issues: string[],
  codes: Set<AwsRoleIssueCode>,
  order?: 'role-first' | 'provider-first',
): AwsRolePair {
  return {
    raw,
    roleArn: role?.arn,
    providerArn: provider?.arn,
    order,
    accountId: role?.accountId ?? provider?.accountId,
    partition: role?.partition ?? provider?.partition,
    roleName: role?.name,
    providerName: provider?.name,
    rolePath: role?.rolePath,
    issues,
    issueCodes: [...codes],
  };
}

function describeWhitespace(text: string): string {
  const leading = text.length - text.trimStart().length;
  const trailing = text.length - text.trimEnd().length;
  const where = [leading > 0 ? `${String(leading)} leading` : '', trailing > 0 ? `${String(trailing)} trailing` : ''].filter(Boolean).join(' and ');
  return `${where} whitespace character${leading + trailing === 1 ? '' : 's'} (${JSON.stringify(text.slice(0, leading) + text.slice(text.length - trailing))})`;
}

import { describe, expect, it } from 'vitest';
import { readAwsAttributes, readAwsRolePair } from './read-aws-attributes.ts';
import { AWS_ATTRIBUTE, type SamlAttribute } from './saml-message.ts';

const ROLE = 'arn:aws:iam::123456789012:role/Agent';
const PROVIDER = 'arn:aws:iam::123456789012:saml-provider/SalesforceVoiceIdp';

const attribute = (name: string, ...values: string[]): SamlAttribute => ({ name, nameFormat: undefined, friendlyName: undefined, values, hasCommentOrCdata: false });

describe('readAwsRolePair', () => {
  it('reads a role-first pair and fills every field', () => {
    expect(readAwsRolePair(`${ROLE},${PROVIDER}`)).toEqual({
      raw: `${ROLE},${PROVIDER}`,
      roleArn: ROLE,
      providerArn: PROVIDER,
      order: 'role-first',
      accountId: '123456789012',
      partition: 'aws',
      roleName: 'Agent',
      providerName: 'SalesforceVoiceIdp',
      rolePath: '/',
      issues: [],
      issueCodes: [],
    });
  });

  it('accepts the provider-first order ADFS sends', () => {
    const pair = readAwsRolePair(`${PROVIDER},${ROLE}`);
    expect(pair).toMatchObject({ order: 'provider-first', roleArn: ROLE, providerArn: PROVIDER, issues: [] });
  });

  it('reads the role path and the partition of a China-region ARN', () => {
    const pair = readAwsRolePair('arn:aws-cn:iam::210987654321:role/contact-center/team/Agent,arn:aws-cn:iam::210987654321:saml-provider/Idp');
    expect(pair).toMatchObject({ partition: 'aws-cn', accountId: '210987654321', roleName: 'Agent', rolePath: '/contact-center/team/', issues: [] });
  });

  it('flags whitespace around the whole value but still extracts the ARNs', () => {
    const pair = readAwsRolePair(`\n  ${ROLE},${PROVIDER} `);
    expect(pair.issueCodes).toEqual(['whitespace']);
    expect(pair.issues[0]).toMatch(/3 leading and 1 trailing whitespace/);
    expect(pair).toMatchObject({ roleArn: ROLE, providerArn: PROVIDER });
  });

  it('flags whitespace next to the comma', () => {
    const pair = readAwsRolePair(`${ROLE} , ${PROVIDER}`);
    expect(pair.issueCodes).toEqual(['whitespace']);
    expect(pair.issues).toHaveLength(2);
    expect(pair.issues[0]).toMatch(/Part 1 .*1 trailing/);
    expect(pair.issues[1]).toMatch(/Part 2 .*1 leading/);
  });

  it('tolerates a trailing comma like aws-google-auth but records it', () => {
    const pair = readAwsRolePair(`${ROLE},${PROVIDER},`);
    expect(pair).toMatchObject({ roleArn: ROLE, providerArn: PROVIDER, order: 'role-first' });
    expect(pair.issueCodes).toEqual(['extra-comma']);
    expect(pair.issues[0]).toMatch(/2 commas and 1 empty part/);
  });

  it('flags a value with three ARNs', () => {
    const pair = readAwsRolePair(`${ROLE},${PROVIDER},arn:aws:iam::123456789012:role/Other`);
    expect(pair.issueCodes).toEqual(['part-count', 'duplicate-kind']);
    expect(pair.roleArn).toBeUndefined();
    expect(pair.providerArn).toBe(PROVIDER);
  });

  it('flags a value with only a role ARN', () => {
    const pair = readAwsRolePair(ROLE);
    expect(pair.issueCodes).toEqual(['part-count', 'missing-provider']);
    expect(pair).toMatchObject({ roleArn: ROLE, providerArn: undefined, order: undefined, accountId: '123456789012' });
  });

  it('explains precisely why a part is not a usable ARN', () => {
    const cases: [string, RegExp][] = [
      ['Agent', /is not an ARN/],
      ['arn:aws:sts::123456789012:role/Agent', /service "sts", not iam/],
      ['arn:aws:iam:us-east-1:123456789012:role/Agent', /region "us-east-1"/],
      ['arn:aws:iam::12345678901:role/Agent', /account id "12345678901", which is not 12 digits/],
      ['arn:aws:iam::123456789012:user/Agent', /neither role\/<name> nor saml-provider\/<name>/],
      ['arn:gcp:iam::123456789012:role/Agent', /partition "gcp"/],
      ['arn:aws:iam::123456789012:role/', /role name ""/],
    ];
    for (const [part, reason] of cases) {
      const pair = readAwsRolePair(`${part},${PROVIDER}`);
      expect(pair.issueCodes).toContain('not-an-arn');
      expect(pair.issues.join(' ')).toMatch(reason);
    }
  });

  it('flags ARNs from different accounts', () => {
    const pair = readAwsRolePair(`${ROLE},arn:aws:iam::999999999999:saml-provider/Idp`);
    expect(pair.issueCodes).toEqual(['account-mismatch']);
    expect(pair.issues[0]).toMatch(/account 123456789012 .* account 999999999999/);
  });

  it('flags ARNs from different partitions', () => {
    const pair = readAwsRolePair(`${ROLE},arn:aws-us-gov:iam::123456789012:saml-provider/Idp`);
    expect(pair.issueCodes).toEqual(['partition-mismatch']);
  });

  it('flags an empty or blank value', () => {
    expect(readAwsRolePair('').issueCodes).toEqual(['empty']);
    expect(readAwsRolePair('  ').issues).toEqual(['The Role value is only whitespace.']);
  });
});

describe('readAwsAttributes', () => {
  it('reads every AWS attribute and ignores the others', () => {
    const aws = readAwsAttributes([
      attribute('email', 'agent@example.com'),
      attribute(AWS_ATTRIBUTE.role, `${ROLE},${PROVIDER}`, `${PROVIDER},arn:aws:iam::123456789012:role/Supervisor`),
      attribute(AWS_ATTRIBUTE.roleSessionName, 'agent@00Dxx'),
      attribute(AWS_ATTRIBUTE.sessionDuration, '28800'),
      attribute(AWS_ATTRIBUTE.sourceIdentity, 'agent'),
      attribute(`${AWS_ATTRIBUTE.principalTagPrefix}Department`, 'Support'),
      attribute(`${AWS_ATTRIBUTE.principalTagPrefix}CostCenter`, '42', '43'),
      attribute(AWS_ATTRIBUTE.transitiveTagKeys, 'Department'),
    ]);
    expect(aws).toMatchObject({
      roleValues: [`${ROLE},${PROVIDER}`, `${PROVIDER},arn:aws:iam::123456789012:role/Supervisor`],
      roleSessionName: ['agent@00Dxx'],
      sessionDuration: ['28800'],
      sourceIdentity: ['agent'],
      principalTags: { Department: ['Support'], CostCenter: ['42', '43'] },
      transitiveTagKeys: ['Department'],
      roleAttributeName: AWS_ATTRIBUTE.role,
    });
    expect(aws.roles.map((r) => [r.roleName, r.order])).toEqual([
      ['Agent', 'role-first'],
      ['Supervisor', 'provider-first'],
    ]);
    expect(aws.repeatedAttributeNames).toBeUndefined();
  });

  it('leaves absent attributes undefined and the role list empty', () => {
    const aws = readAwsAttributes([attribute('email', 'agent@example.com')]);
    expect(aws).toEqual({
      roleValues: undefined,
      roles: [],
      roleSessionName: undefined,
      sessionDuration: undefined,
      sourceIdentity: undefined,
      principalTags: {},
      transitiveTagKeys: undefined,
    });
  });

  it('accepts the China-region spelling of the Role attribute', () => {
    const aws = readAwsAttributes([attribute(AWS_ATTRIBUTE.roleChina, `${ROLE},${PROVIDER}`)]);
    expect(aws.roleAttributeName).toBe(AWS_ATTRIBUTE.roleChina);
    expect(aws.roles).toHaveLength(1);
  });

  it('does not match attribute names case-insensitively', () => {
    const aws = readAwsAttributes([attribute(AWS_ATTRIBUTE.roleSessionName.toLowerCase(), 'agent')]);
    expect(aws.roleSessionName).toBeUndefined();
  });

  it('merges repeated AWS attributes in order and names them', () => {
    const aws = readAwsAttributes([attribute(AWS_ATTRIBUTE.roleSessionName, 'first'), attribute(AWS_ATTRIBUTE.roleSessionName, 'second')]);
    expect(aws.roleSessionName).toEqual(['first', 'second']);
    expect(aws.repeatedAttributeNames).toEqual([AWS_ATTRIBUTE.roleSessionName]);
  });
});

import { describe, expect, it } from 'vitest';
import { checkTelephonyLink, normalizeFingerprint, presentSettingKeys, validateSettings } from './validate-settings.ts';

const SHA1 = 'ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01';
const SHA1_NORMAL = 'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01';
const SHA256_HEX = 'a'.repeat(64);
const METADATA = '<?xml version="1.0"?><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://acme.my.salesforce.com"/>';

describe('checkTelephonyLink', () => {
  it('accepts a Salesforce idp/login link with an app id', () => {
    expect(checkTelephonyLink(' https://acme.my.salesforce.com/idp/login?app=0spXX0000000001 ')).toEqual({
      ok: true,
      kind: 'salesforce-idp',
      url: 'https://acme.my.salesforce.com/idp/login?app=0spXX0000000001',
    });
  });

  it('accepts the Salesforce login page that continues to idp/login', () => {
    expect(checkTelephonyLink('https://acme.my.salesforce.com/?startURL=%2Fidp%2Flogin%3Fapp%3D0sp1')).toMatchObject({ ok: true, kind: 'salesforce-idp' });
  });

  it('accepts an https link of a third-party identity provider', () => {
    expect(checkTelephonyLink('https://acme.okta.com/home/amazon_aws/0oa1/272')).toMatchObject({ ok: true, kind: 'third-party-idp' });
  });

  it.each([
    ['not a url', 'link-not-a-url'],
    ['http://acme.my.salesforce.com/idp/login?app=0sp1', 'link-not-https'],
    ['https://acme.lightning.force.com/lightning/setup/CallCenters/home', 'link-not-idp-login'],
    ['https://acme.my.salesforce.com/idp/login', 'link-missing-app'],
    ['https://acme.my.connect.aws/ccp-v2', 'link-not-an-idp'],
    ['https://signin.aws.amazon.com/saml', 'link-not-an-idp'],
  ])('refuses %s with %s', (link, code) => {
    expect(checkTelephonyLink(link)).toMatchObject({ ok: false, code });
  });
});

describe('normalizeFingerprint', () => {
  it.each([
    [SHA1, SHA1_NORMAL],
    [SHA1.replace(/:/g, ''), SHA1_NORMAL],
    [`SHA1 Fingerprint=${SHA1.toUpperCase()}`, SHA1_NORMAL],
    [SHA1.replace(/:/g, ' '), SHA1_NORMAL],
    [SHA256_HEX, Array.from({ length: 32 }, () => 'AA').join(':')],
  ])('normalises %s', (input, expected) => {
    expect(normalizeFingerprint(input)).toBe(expected);
  });

  it.each(['abc', 'zz'.repeat(20), 'a'.repeat(41), ''])('refuses %s', (input) => {
    expect(normalizeFingerprint(input)).toBeUndefined();
  });
});

describe('validateSettings', () => {
  it('keeps valid values and normalises them', () => {
    const { values, problems } = validateSettings({
      telephonyProviderSettingsUrl: 'https://acme.my.salesforce.com/idp/login?app=0sp1',
      expectedIssuer: ' https://acme.my.salesforce.com ',
      expectedCertificateFingerprints: `${SHA1}\n${SHA1.toUpperCase()}`,
      awsMetadataXml: METADATA,
      region: 'eu-central-1',
      connectInstanceId: 'arn:aws:connect:eu-central-1:123456789012:instance/11111111-2222-3333-4444-55555555AAAA',
      connectUsernameFormat: '{Alias}@{UserId}@{OrgId}',
      somethingElse: 42,
    });
    expect(problems).toEqual([]);
    expect(values).toEqual({
      telephonyProviderSettingsUrl: 'https://acme.my.salesforce.com/idp/login?app=0sp1',
      expectedIssuer: 'https://acme.my.salesforce.com',
      expectedCertificateFingerprints: [SHA1_NORMAL],
      awsMetadataXml: METADATA,
      region: 'eu-central-1',
      connectInstanceId: '11111111-2222-3333-4444-55555555aaaa',
      connectUsernameFormat: '{Alias}@{UserId}@{OrgId}',
    });
  });

  it('keeps metadata byte for byte, byte order mark included', () => {
    const withBom = `\uFEFF${METADATA}\n`;
    expect(validateSettings({ awsMetadataXml: withBom }).values.awsMetadataXml).toBe(withBom);
  });

  it('treats empty values as unset', () => {
    expect(validateSettings({ expectedIssuer: '  ', expectedCertificateFingerprints: [], region: '' })).toEqual({ values: {}, problems: [] });
  });

  it('drops and reports each invalid value while keeping the valid ones', () => {
    const { values, problems } = validateSettings({
      region: 'Frankfurt',
      connectInstanceId: 'my-instance',
      expectedCertificateFingerprints: ['not hex'],
      awsMetadataXml: 'hello',
      expectedIssuer: 7,
      connectUsernameFormat: '{UserId}@{OrgId}',
    });
    expect(values).toEqual({ connectUsernameFormat: '{UserId}@{OrgId}' });
    expect(problems.map((p) => [p.key, p.code])).toEqual([
      ['expectedIssuer', 'wrong-type'],
      ['expectedCertificateFingerprints', 'fingerprint-invalid'],
      ['awsMetadataXml', 'metadata-not-xml'],
      ['region', 'region-invalid'],
      ['connectInstanceId', 'instance-id-invalid'],
    ]);
  });

  it('refuses a Connect username format with an unknown placeholder, saying which placeholders exist', () => {
    const { values, problems } = validateSettings({ connectUsernameFormat: '{Alias}@{EmployeeNumber}' });
    expect(values).toEqual({});
    expect(problems.map((p) => [p.key, p.code])).toEqual([['connectUsernameFormat', 'username-format-invalid']]);
    expect(problems[0]?.message).toMatch(/Unknown placeholder \{EmployeeNumber\}.*\{UserId\}/);
  });

  it('accepts a GovCloud region', () => {
    expect(validateSettings({ region: 'us-gov-west-1' }).values.region).toBe('us-gov-west-1');
  });

  it('returns nothing for input that is not an object', () => {
    expect(validateSettings('x')).toEqual({ values: {}, problems: [] });
    expect(validateSettings(null)).toEqual({ values: {}, problems: [] });
  });
});

describe('presentSettingKeys', () => {
  it('lists the known keys that carry a value, valid or not', () => {
    expect(presentSettingKeys({ region: 'nowhere', expectedIssuer: 'x', other: 1, connectInstanceId: undefined })).toEqual(['expectedIssuer', 'region']);
  });
});

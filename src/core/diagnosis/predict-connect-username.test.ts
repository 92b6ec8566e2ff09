import { describe, expect, it } from 'vitest';
import { toEighteenCharacterId } from '../../../lab/lab-identity.ts';
import { TEST_DEFAULTS, buildSalesforceResponse, encodePost, sharedTestIdp } from '../../testing/saml-builder.ts';
import { analyzeSamlValue } from '../analysis/analyze-saml-value.ts';
import { predictConnectUsername, salesforceIdForms } from './predict-connect-username.ts';

const USER_ID_15 = TEST_DEFAULTS.userId.slice(0, 15);

async function assertionWith(overrides: Parameters<typeof buildSalesforceResponse>[1]) {
  const analysis = await analyzeSamlValue(encodePost(buildSalesforceResponse(await sharedTestIdp(), overrides)), 'SAMLResponse');
  const assertion = analysis.message?.kind === 'Response' ? analysis.message.assertions[0] : undefined;
  if (assertion === undefined) throw new Error('the test response has an assertion');
  return { assertion, role: assertion.aws.roles[0], name: assertion.aws.roleSessionName?.[0] ?? '' };
}

describe('predictConnectUsername', () => {
  it('accepts the Salesforce Voice RoleSessionName when the userId attribute carries the 15-character id', async () => {
    const { assertion, role, name } = await assertionWith({ attributes: { userId: USER_ID_15 } });
    const prediction = predictConnectUsername('{Alias}@{UserId}@{OrgId}', assertion, role, name);
    expect(prediction?.verdict).toBe('matches');
    expect(prediction?.expected).toBe(TEST_DEFAULTS.roleSessionName);
    expect(prediction?.unknown).toEqual(['Alias']);
  });

  it('says what the format predicts when the RoleSessionName is built from another value', async () => {
    const { assertion, role, name } = await assertionWith({ attributes: { userId: USER_ID_15, email: 'jdoe@acme.example' } });
    const prediction = predictConnectUsername('{Email}', assertion, role, name);
    expect(prediction?.verdict).toBe('differs');
    expect(prediction?.evidence).toBe('expected per your username format {Email}: jdoe@acme.example');
  });

  it('keeps a free placeholder as {Name} when the RoleSessionName does not fit the format', async () => {
    const { assertion, role } = await assertionWith({ attributes: { userId: '0055g00000ZzZzZ' } });
    const prediction = predictConnectUsername('{Alias}@{UserId}@{OrgId}', assertion, role, TEST_DEFAULTS.roleSessionName);
    expect(prediction?.verdict).toBe('differs');
    expect(prediction?.expected).toBe(`{Alias}@${toEighteenCharacterId('0055g00000ZzZzZ')}@${TEST_DEFAULTS.orgId}`);
  });

  it('tells a letter-case difference from a different name', async () => {
    const { assertion, role } = await assertionWith({ attributes: { username: 'Jordan.Voss@acme.example' } });
    const prediction = predictConnectUsername('{Username}', assertion, role, 'jordan.voss@acme.example');
    expect(prediction?.verdict).toBe('case-only');
    expect(prediction?.expected).toBe('Jordan.Voss@acme.example');
  });

  it('reads {FederationId} from the NameID and {OrgId} from the SalesforceVoiceIdp_ provider name', async () => {
    const { assertion, role } = await assertionWith({ nameId: 'jdoe-fed', roleSessionName: `jdoe-fed@${TEST_DEFAULTS.orgId}` });
    expect(predictConnectUsername('{FederationId}@{OrgId}', assertion, role, `jdoe-fed@${TEST_DEFAULTS.orgId}`)?.verdict).toBe('matches');
  });

  it('predicts nothing when the assertion fills none of the placeholders, or the format is unusable', async () => {
    const { assertion, role, name } = await assertionWith({});
    expect(predictConnectUsername('{Alias}@{Email}', assertion, role, name)).toBeUndefined();
    expect(predictConnectUsername('{Nope}', assertion, role, name)).toBeUndefined();
  });

  it('treats regular-expression characters in the format as plain text', async () => {
    const { assertion, role } = await assertionWith({ attributes: { userId: USER_ID_15 } });
    expect(predictConnectUsername('{UserId}.*', assertion, role, `${TEST_DEFAULTS.userId}xyz`)?.verdict).toBe('differs');
    expect(predictConnectUsername('{UserId}.*', assertion, role, `${TEST_DEFAULTS.userId}.*`)?.verdict).toBe('matches');
  });
});

describe('salesforceIdForms', () => {
  it('gives a 15-character id its 18-character form first, as Salesforce computes the case suffix', () => {
    for (const id15 of ['00D8d000004QXkL', '0058d00000A7bQz', USER_ID_15, '000000000000000', 'ABCDEABCDEABCDE']) {
      expect(salesforceIdForms(id15)).toEqual([toEighteenCharacterId(id15), id15]);
    }
  });

  it('gives an 18-character id its 15-character form, and leaves other text alone', () => {
    expect(salesforceIdForms(TEST_DEFAULTS.userId)).toEqual([TEST_DEFAULTS.userId, USER_ID_15]);
    expect(salesforceIdForms('0055g00000AbCdEZZZ')).toEqual(['0055g00000AbCdEZZZ']);
    expect(salesforceIdForms('jdoe')).toEqual(['jdoe']);
    expect(salesforceIdForms(undefined)).toEqual([]);
  });
});

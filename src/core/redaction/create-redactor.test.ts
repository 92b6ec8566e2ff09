import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactor } from './create-redactor.ts';

const ORG = '00D5g000000abcdEAA';
const USER = '0055g00000AbCdEAAV';
const ROLE_SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

/** Letters stay letters of the same case, digits stay digits, everything else is unchanged. */
function shapeOf(text: string): string {
  return Array.from(text)
    .map((c) => (/[A-Z]/.test(c) ? 'A' : /[a-z]/.test(c) ? 'a' : /[0-9]/.test(c) ? '9' : /\p{Lu}/u.test(c) ? 'Ü' : /\p{Ll}/u.test(c) ? 'ü' : /\p{N}/u.test(c) ? '٩' : /\p{L}/u.test(c) ? 'L' : c))
    .join('');
}

describe('createRedactor: people', () => {
  it('pseudonymizes a name without changing its length, character classes, case or separators', () => {
    const redactor = createRedactor('salt');
    const value = `J.Doe-Smith+ops=1,x@${USER}@${ORG}`;
    const token = redactor.person(value, 'RoleSessionName');
    expect(token).not.toBe(value);
    expect(shapeOf(token)).toBe(shapeOf(value));
    expect(token).not.toContain('Doe');
    expect(token).not.toContain('Smith');
  });

  it('maps case variants of one name to case variants of one pseudonym', () => {
    const redactor = createRedactor('salt');
    const upper = redactor.person('JDoe', 'a');
    const lower = redactor.person('jdoe', 'a');
    expect(upper).not.toBe('JDoe');
    expect(upper.toLowerCase()).toBe(lower);
    expect(upper).not.toBe(lower);
  });

  it('keeps equal names equal and different names different within one report', () => {
    const redactor = createRedactor('salt');
    expect(redactor.person('alice.smith', 'a')).toBe(redactor.person('alice.smith', 'b'));
    expect(redactor.person('alice.smith', 'a')).not.toBe(redactor.person('alice.smyth', 'a'));
  });

  it('gives different pseudonyms under different salts, so a pseudonym cannot be looked up without the salt', () => {
    expect(createRedactor('salt-one').person('jane.roe@example.org', 'a')).not.toBe(createRedactor('salt-two').person('jane.roe@example.org', 'a'));
  });

  it('keeps whether a value is a valid RoleSessionName, and its whitespace, for any input', () => {
    const redactor = createRedactor('property');
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'abcXYZ019_+=,.@- \tüÉ名'.split('')), maxLength: 80 }), (value) => {
        const token = redactor.person(value, 'RoleSessionName');
        expect(token.length).toBe(value.length);
        expect(ROLE_SESSION_NAME.test(token)).toBe(ROLE_SESSION_NAME.test(value));
        expect(token.trim() === token).toBe(value.trim() === value);
        expect(shapeOf(token)).toBe(shapeOf(value));
      }),
      // The global fast-check seed (vitest.setup.ts): FC_SEED explores other draws.
      { numRuns: 500 },
    );
  });

  it('keeps case-insensitive equality and inequality between any two names', () => {
    const redactor = createRedactor('property');
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9.@_-]{1,20}$/), fc.stringMatching(/^[A-Za-z0-9.@_-]{1,20}$/), (a, b) => {
        const ta = redactor.person(a, 'x');
        const tb = redactor.person(b, 'x');
        expect(ta === tb).toBe(a === b);
        expect(ta.toLowerCase() === tb.toLowerCase()).toBe(a.toLowerCase() === b.toLowerCase());
      }),
      // The global fast-check seed (vitest.setup.ts): FC_SEED explores other draws.
      { numRuns: 500 },
    );
  });

  it('maps a Salesforce org id to one token in a RoleSessionName, a provider name and a certificate subject (15-character form)', () => {
    const redactor = createRedactor('salt');
    const inName = redactor.person(`jdoe@${USER}@${ORG}`, 'RoleSessionName').split('@')[2] ?? '';
    const inProvider = /SalesforceVoiceIdp_(\w+)/.exec(redactor.text(`arn:aws:iam::123456789012:saml-provider/SalesforceVoiceIdp_${ORG}`))?.[1];
    const inSubject = /OU=(\w+)/.exec(redactor.text(`CN=SelfSignedCert, OU=${ORG.slice(0, 15)}, O=Salesforce.com`))?.[1];
    expect(inName).not.toBe(ORG);
    expect(inProvider).toBe(inName);
    expect(inSubject).toBe(inName.slice(0, 15));
  });

  it('keeps the key prefix of Salesforce user and org ids (005, 00D) so they still read as such', () => {
    const redactor = createRedactor('salt');
    expect(redactor.text(USER)).toMatch(/^005[A-Za-z0-9]{15}$/);
    expect(redactor.text(ORG)).toMatch(/^00D[A-Za-z0-9]{15}$/);
    expect(redactor.text(USER)).not.toBe(USER);
  });

  it('gives each of the 26 letters, the 10 digits and the 100 two-digit numbers its own pseudonym within one report', () => {
    const redactor = createRedactor('salt');
    const values = [...'abcdefghijklmnopqrstuvwxyz0123456789'.split(''), ...Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'))];
    const tokens = values.map((value) => redactor.person(value, 'x'));
    expect(new Set(tokens).size).toBe(values.length);
    // Consistent afterwards, in either letter case.
    expect(values.map((value) => redactor.person(value, 'x'))).toEqual(tokens);
    expect(redactor.person('Q', 'x')).toBe(tokens[values.indexOf('q')]?.toUpperCase());
  });

  it('keeps any set of one- and two-character values one-to-one under any salt, in any order', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.array(fc.stringMatching(/^[A-Za-z0-9]{1,2}$/), { maxLength: 300 }), (salt, values) => {
        const redactor = createRedactor(salt);
        const byToken = new Map<string, string>();
        for (const value of values) {
          const token = redactor.person(value, 'x').toLowerCase();
          const owner = byToken.get(token);
          expect(owner === undefined || owner === value.toLowerCase(), `${value} and ${owner ?? ''} share ${token}`).toBe(true);
          byToken.set(token, value.toLowerCase());
        }
      }),
      { numRuns: 200 },
    );
  });

  it('keeps two short names apart that the keyed mapping alone sends to one pseudonym (ad, ar under this salt)', () => {
    // Each on its own, in a fresh report, maps to the same pseudonym: the collision is real.
    expect(createRedactor('salt').person('ad', 'x')).toBe(createRedactor('salt').person('ar', 'x'));
    const redactor = createRedactor('salt');
    const ad = redactor.person('ad', 'RoleSessionName');
    const ar = redactor.person('ar', 'RoleSessionName');
    expect(ad).not.toBe(ar);
    expect(redactor.person('AR', 'RoleSessionName')).toBe(ar.toUpperCase());
    expect(redactor.person('ad', 'NameID')).toBe(ad);
  });

  it('does not echo the original for short values that could map onto themselves', () => {
    const redactor = createRedactor('salt');
    for (const value of ['a', 'B', '7', 'ab', '12']) expect(redactor.person(value, 'x')).not.toBe(value);
  });
});

describe('createRedactor: account ids, instance ids, emails in text', () => {
  it('masks an AWS account id to its last 4 digits in ARNs, URLs and sentences', () => {
    const redactor = createRedactor('salt');
    expect(redactor.text('arn:aws:iam::123456789012:role/Agent')).toBe('arn:aws:iam::********9012:role/Agent');
    expect(redactor.text('account 1234-5678-9012 is')).toBe('account ****-****-9012 is');
    expect(redactor.url('https://123456789012.signin.aws.amazon.com/console')).toBe('https://********9012.signin.aws.amazon.com/console');
  });

  it('keeps 12 digits in parseable mode, consistently, so ARNs still parse and different accounts stay different', () => {
    const redactor = createRedactor('salt', { accountIds: 'parseable' });
    const one = redactor.text('arn:aws:iam::111111119012:role/A');
    const again = redactor.text('arn:aws:iam::111111119012:role/A');
    const other = redactor.text('arn:aws:iam::222222229012:role/A');
    expect(one).toMatch(/^arn:aws:iam::\d{8}9012:role\/A$/);
    expect(one).not.toContain('111111119012');
    expect(again).toBe(one);
    expect(other).not.toBe(one);
  });

  it('pseudonymizes a Connect instance id keeping the UUID shape, but keeps an AWS request id', () => {
    const redactor = createRedactor('salt');
    const id = 'a1b2c3d4-5678-90ab-cdef-111122223333';
    const out = redactor.text(`instance ${id}; Request ID: 0f1e2d3c-aaaa-bbbb-cccc-444455556666`);
    const token = /instance (\S+);/.exec(out)?.[1] ?? '';
    expect(token).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(token).not.toBe(id);
    expect(out).toContain('Request ID: 0f1e2d3c-aaaa-bbbb-cccc-444455556666');
  });

  it('pseudonymizes the local part of an email address and keeps its domain', () => {
    const redactor = createRedactor('salt');
    const out = redactor.text('mail john.doe@acme.example now');
    expect(out).toMatch(/^mail [a-z]{4}\.[a-z]{3}@acme\.example now$/);
    expect(out).not.toContain('john');
  });

  it('scrubs a learnt name from free text, in any letter case and after a JSON escape', () => {
    const redactor = createRedactor('salt');
    redactor.learn('jdoesmith@acme.example');
    const token = redactor.person('jdoesmith', 'x');
    expect(redactor.text('Connect user JDOESMITH was not found')).toBe(`Connect user ${token.toUpperCase()} was not found`);
    expect(redactor.text('"\\tjdoesmith"')).toBe(`"\\t${token}"`);
  });

  it('replaces a whole learnt value as a unit, so its one-letter parts change as in the field itself', () => {
    const redactor = createRedactor('salt');
    const value = `j doe@${USER}@${ORG}`;
    const field = redactor.person(value, 'RoleSessionName');
    expect(redactor.text(`The RoleSessionName "${value}" is not valid`)).toBe(`The RoleSessionName "${field}" is not valid`);
  });

  it('does not hunt structural words in text even when a user is called that, so hosts stay intact', () => {
    const redactor = createRedactor('salt');
    redactor.learn('connect');
    expect(redactor.text('https://acme.my.connect.aws/connect/ccp-v2')).toBe('https://acme.my.connect.aws/connect/ccp-v2');
  });
});

describe('createRedactor: URLs', () => {
  it('keeps host and path, removes token, session and SAML artifact parameters, and pseudonymizes a username parameter', () => {
    const redactor = createRedactor('salt');
    const out = redactor.url('https://acme.my.salesforce.com/idp/login?app=0sp5g000000abcd&un=jdoe%40acme.example&sid=00D!AQ.x&SAMLart=AAQB&access_token=eyJ#id_token=eyJh');
    expect(out.startsWith('https://acme.my.salesforce.com/idp/login?app=0sp5g000000abcd&un=')).toBe(true);
    expect(out).toContain('&sid=REMOVED&SAMLart=REMOVED&access_token=REMOVED#id_token=REMOVED');
    expect(out).not.toContain('jdoe');
    expect(decodeURIComponent(/un=([^&]+)/.exec(out)?.[1] ?? '')).toMatch(/^[a-z]{4}@acme\.example$/);
  });

  it('redacts a URL nested in RelayState and leaves an unchanged URL byte for byte as it was', () => {
    const redactor = createRedactor('salt');
    const federate = 'https://us-east-1.console.aws.amazon.com/connect/federate/a1b2c3d4-5678-90ab-cdef-111122223333?destination=%2Fconnect%2Fccp-v2';
    const out = redactor.url(`https://acme.my.salesforce.com/idp/login?app=0sp&RelayState=${encodeURIComponent(federate)}`);
    const relay = decodeURIComponent(/RelayState=([^&]+)/.exec(out)?.[1] ?? '');
    expect(relay).toMatch(/^https:\/\/us-east-1\.console\.aws\.amazon\.com\/connect\/federate\/[0-9a-f-]{36}\?destination=%2Fconnect%2Fccp-v2$/);
    expect(relay).not.toContain('a1b2c3d4');
    expect(redactor.url('https://signin.aws.amazon.com/saml?x=1')).toBe('https://signin.aws.amazon.com/saml?x=1');
  });

  it('removes the user info of a URL', () => {
    const redactor = createRedactor('salt');
    expect(redactor.url('https://jdoe:hunter2@example.org/a')).toBe('https://example.org/a');
  });
});

describe('createRedactor: receipt', () => {
  it('counts what it did by field and action, removals first', () => {
    const redactor = createRedactor('salt');
    redactor.person('jdoe', 'NameID');
    redactor.person('jane', 'NameID');
    redactor.text('arn:aws:iam::123456789012:role/A');
    redactor.url('https://example.org/?token=x');
    redactor.note('Issuer', 'kept');
    expect(redactor.receipt()).toEqual([
      { field: 'URL parameter token', action: 'removed', count: 1 },
      { field: 'NameID', action: 'pseudonymized', count: 2 },
      { field: 'AWS account id', action: 'masked', count: 1 },
      { field: 'Issuer', action: 'kept', count: 1 },
    ]);
  });
});

describe('createRedactor: secrets in free text', () => {
  it('removes the value of token, session and similar pairs in text but keeps error and status codes', () => {
    const redactor = createRedactor('salt');
    expect(redactor.text('net::ERR_FAILED sid=00D5g!AQ4AQ.x token=abcdef12 (Status Code: 400; Error Code: InvalidIdentityToken)')).toBe(
      'net::ERR_FAILED sid=REMOVED token=REMOVED (Status Code: 400; Error Code: InvalidIdentityToken)',
    );
  });
});

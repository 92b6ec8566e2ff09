/**
 * The people, org, account and instance the lab plays. Fixed values (rather than random ones) keep
 * failures reproducible; every one of them is listed in the lab's secrets so that tests can assert
 * that none of them leaks into a redacted export.
 */
export interface LabIdentity {
  /** My Domain name: `<myDomain>.my.salesforce.com`. */
  readonly myDomain: string;
  /** Salesforce org id, 15 characters (case-sensitive form). */
  readonly orgId15: string;
  /** Salesforce org id, 18 characters (case-insensitive form, as formulas return it). */
  readonly orgId: string;
  readonly userId15: string;
  readonly userId: string;
  /** The SSO connected app's IdP-initiated login id (`app=` parameter). */
  readonly connectedAppId: string;
  readonly alias: string;
  readonly displayName: string;
  readonly username: string;
  readonly email: string;
  /** NameID of Subject Type "Persistent ID". */
  readonly persistentNameId: string;
  readonly accountId: string;
  readonly region: string;
  readonly instanceId: string;
  /** Contact center name; the IAM role is `<name>-SAMLRole`. */
  readonly contactCenterName: string;
}

const CHECKSUM_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/**
 * Salesforce's 15 → 18 character id conversion: each 5-character chunk contributes one suffix
 * character whose bits mark which of the chunk's characters are upper-case letters.
 */
export function toEighteenCharacterId(id15: string): string {
  if (!/^[a-zA-Z0-9]{15}$/.test(id15)) throw new Error(`not a 15-character Salesforce id: ${id15}`);
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk += 1) {
    let bits = 0;
    for (let i = 0; i < 5; i += 1) {
      const c = id15.charAt(chunk * 5 + i);
      if (c >= 'A' && c <= 'Z') bits |= 1 << i;
    }
    suffix += CHECKSUM_ALPHABET.charAt(bits);
  }
  return id15 + suffix;
}

const ORG_ID_15 = '00D8d000004QXkL';
const USER_ID_15 = '0058d00000A7bQz';

export const LAB_IDENTITY: LabIdentity = {
  myDomain: 'acme-voice',
  orgId15: ORG_ID_15,
  orgId: toEighteenCharacterId(ORG_ID_15),
  userId15: USER_ID_15,
  userId: toEighteenCharacterId(USER_ID_15),
  connectedAppId: '0sp8d000000CaVt',
  alias: 'jvoss',
  displayName: 'Jordan Voss',
  username: 'jordan.voss@acmevoice.example',
  email: 'jordan.voss@acme-voice.example',
  persistentNameId: 'QjRrX2x2Y3BhZ0Nq7uW1e9TzM4sN',
  accountId: '482913570264',
  region: 'us-west-2',
  instanceId: '8f3c2a71-5b4e-4d2a-9c61-0e7f3b5d9a24',
  contactCenterName: 'AcmeVoice',
};

const PLACEHOLDERS: Readonly<Record<string, (identity: LabIdentity) => string>> = {
  myDomain: (i) => i.myDomain,
  orgId: (i) => i.orgId,
  orgId15: (i) => i.orgId15,
  userId: (i) => i.userId,
  alias: (i) => i.alias,
  displayName: (i) => i.displayName,
  username: (i) => i.username,
  email: (i) => i.email,
  account: (i) => i.accountId,
  region: (i) => i.region,
  instanceId: (i) => i.instanceId,
  contactCenter: (i) => i.contactCenterName,
};

/**
 * Fills `{placeholder}`s in a scenario value, so that scenarios stay plain data
 * (`'{alias}@{userId}@{orgId}'`); `{lower:name}` gives the value in lower case. An unknown
 * placeholder is a typo in a scenario: it throws.
 */
export function fillTemplate(template: string, identity: LabIdentity): string {
  return template.replace(/\{(?:(lower):)?([A-Za-z0-9]+)\}/g, (_whole, modifier: string | undefined, name: string) => {
    const read = PLACEHOLDERS[name];
    if (!read) throw new Error(`unknown placeholder {${name}} in lab template "${template}"`);
    const value = read(identity);
    return modifier === 'lower' ? value.toLowerCase() : value;
  });
}

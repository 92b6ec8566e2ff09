import { DOMParser, XMLSerializer, type Element } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceForHost } from './lab-hosts.ts';
import { fillTemplate, LAB_IDENTITY, toEighteenCharacterId } from './lab-identity.ts';
import { LAB_SCENARIO_NAMES, LAB_SCENARIOS, type LabScenarioName } from './scenarios.ts';
import { startLab, type Lab } from './start-lab.ts';
import { walkFlow, type FlowWalk } from './walk-flow.ts';

const SAML = 'urn:oasis:names:tc:SAML:2.0:assertion';
const DSIG = 'http://www.w3.org/2000/09/xmldsig#';

let lab: Lab;

beforeAll(async () => {
  lab = await startLab({ scenario: 'sso-healthy' });
});

afterAll(async () => {
  await lab.close();
});

async function walk(scenario: LabScenarioName, url?: string): Promise<FlowWalk> {
  lab.setScenario(scenario);
  return walkFlow(lab, url ?? lab.urls.telephonyProviderSettings);
}

function postedResponse(flow: FlowWalk): { xml: string; form: Readonly<Record<string, string>> } {
  const post = flow.steps.find((step) => step.method === 'POST');
  const value = post?.form?.['SAMLResponse'];
  if (post?.form === undefined || value === undefined) throw new Error('the flow posted no SAMLResponse');
  return { xml: Buffer.from(value, 'base64').toString('utf8'), form: post.form };
}

function elements(xml: string, namespace: string, localName: string): Element[] {
  const document = new DOMParser().parseFromString(xml, 'text/xml');
  return Array.from(document.getElementsByTagNameNS(namespace, localName));
}

function attributeValues(xml: string, name: string): string[] {
  const attribute = elements(xml, SAML, 'Attribute').find((a) => a.getAttribute('Name') === name);
  return attribute === undefined ? [] : Array.from(attribute.getElementsByTagNameNS(SAML, 'AttributeValue')).map((v) => v.textContent ?? '');
}

function stageOf(url: string): string {
  const kind = serviceForHost(new URL(url).hostname, lab.hosts).kind;
  return kind === 'salesforce' || kind === 'lightning' ? 'salesforce' : kind;
}

function certificatePem(base64: string): string {
  return `-----BEGIN CERTIFICATE-----\n${base64.match(/.{1,64}/g)?.join('\n') ?? ''}\n-----END CERTIFICATE-----\n`;
}

function metadataCertificate(metadata: string): string {
  const value = /<ds:X509Certificate>([^<]+)<\/ds:X509Certificate>/.exec(metadata)?.[1];
  if (value === undefined) throw new Error('metadata without a certificate');
  return value;
}

function responseSignatureHolds(xml: string, certificateBase64: string): boolean {
  const response = elements(xml, 'urn:oasis:names:tc:SAML:2.0:protocol', 'Response')[0];
  const signature = Array.from(response?.childNodes ?? []).find(
    (n): n is Element => n.nodeType === n.ELEMENT_NODE && (n as Element).namespaceURI === DSIG, // -- reason: narrowed by nodeType
  );
  if (signature === undefined) return false;
  const verifier = new SignedXml({ publicCert: certificatePem(certificateBase64), getCertFromKeyInfo: () => null });
  verifier.loadSignature(new XMLSerializer().serializeToString(signature));
  try {
    return verifier.checkSignature(xml);
  } catch {
    return false;
  }
}

describe('the federation lab, driven like a browser from the Telephony Provider Settings link', () => {
  it.each(LAB_SCENARIO_NAMES)('ends the %s flow at the outcome its scenario declares', async (name) => {
    const flow = await walk(name);
    const expected = LAB_SCENARIOS[name].outcome;
    if (expected.stage === 'unresolvable') {
      expect(flow.end).toMatchObject({ kind: 'unresolvable', host: expected.host });
      return;
    }
    expect(flow.end.kind).toBe('page');
    if (flow.end.kind !== 'page') return;
    expect(stageOf(flow.end.url)).toBe(expected.stage);
    expect(flow.end.status).toBe(expected.status);
    expect(flow.end.text).toContain(expected.text);
  });

  it('runs the healthy flow as idp/login form, POST /saml, 302 to the RelayState, 302 to Connect, CCP', async () => {
    const flow = await walk('sso-healthy');
    const hops = flow.steps.map((step) => `${step.method} ${new URL(step.url).host}${new URL(step.url).pathname} ${String(step.status)}`);
    expect(hops).toEqual([
      'GET acme-voice.my.salesforce.com/idp/login 200',
      'POST signin.aws.amazon.com/saml 302',
      `GET us-west-2.console.aws.amazon.com/connect/federate/${LAB_IDENTITY.instanceId} 302`,
      'GET acme-voice.my.connect.aws/auth/sign-in 302',
      'GET acme-voice.my.connect.aws/connect/ccp-v2 200',
    ]);
    const post = flow.steps[1];
    expect(post?.form?.['RelayState']).toBe(lab.urls.federate);
    expect(post?.location).toBe(lab.urls.federate);
  });

  it('builds the link as idp/login with the app id and the federate URL with a ccp-v2 destination as RelayState', () => {
    const link = new URL(lab.urls.telephonyProviderSettings);
    expect(link.host).toBe('acme-voice.my.salesforce.com');
    expect(link.searchParams.get('app')).toMatch(/^0sp[A-Za-z0-9]{12}$/);
    expect(link.searchParams.get('RelayState')).toBe(
      `https://us-west-2.console.aws.amazon.com/connect/federate/${LAB_IDENTITY.instanceId}?destination=%2Fconnect%2Fccp-v2`,
    );
  });

  it('posts a Salesforce-shaped response: entity Issuer, persistent NameID, bearer Recipient, audience, Voice attributes', async () => {
    const { xml } = postedResponse(await walk('sso-healthy'));
    const issuers = elements(xml, SAML, 'Issuer');
    expect(issuers.map((i) => i.textContent)).toEqual(['https://acme-voice.my.salesforce.com', 'https://acme-voice.my.salesforce.com']);
    expect(issuers[0]?.getAttribute('Format')).toBe('urn:oasis:names:tc:SAML:2.0:nameid-format:entity');
    expect(elements(xml, SAML, 'NameID')[0]?.getAttribute('Format')).toBe('urn:oasis:names:tc:SAML:2.0:nameid-format:persistent');
    const confirmation = elements(xml, SAML, 'SubjectConfirmationData')[0];
    expect(confirmation?.getAttribute('Recipient')).toBe('https://signin.aws.amazon.com/saml');
    expect(elements(xml, SAML, 'Audience')[0]?.textContent).toBe('https://signin.aws.amazon.com/saml');
    const issued = Date.parse(elements(xml, SAML, 'Assertion')[0]?.getAttribute('IssueInstant') ?? '');
    expect(Date.parse(confirmation?.getAttribute('NotOnOrAfter') ?? '') - issued).toBe(300_000);
    expect(attributeValues(xml, 'https://aws.amazon.com/SAML/Attributes/Role')).toEqual([
      `arn:aws:iam::${LAB_IDENTITY.accountId}:role/AcmeVoice-SAMLRole,arn:aws:iam::${LAB_IDENTITY.accountId}:saml-provider/SalesforceVoiceIdp_${LAB_IDENTITY.orgId}`,
    ]);
    const [sessionName] = attributeValues(xml, 'https://aws.amazon.com/SAML/Attributes/RoleSessionName');
    expect(sessionName).toMatch(/^jvoss@005[A-Za-z0-9]{15}@00D[A-Za-z0-9]{15}$/);
    expect(attributeValues(xml, 'email')).toEqual([LAB_IDENTITY.email]);
  });

  it('signs the Assertion and then the Response with rsa-sha256, verifiable with the certificate IAM holds', async () => {
    const { xml } = postedResponse(await walk('sso-healthy'));
    const signatures = elements(xml, DSIG, 'Signature');
    expect(signatures.map((s) => (s.parentNode as Element | null)?.localName)).toEqual(['Response', 'Assertion']); // -- reason: a Signature's parent is an element
    expect(elements(xml, DSIG, 'SignatureMethod').map((m) => m.getAttribute('Algorithm'))).toEqual([
      'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
      'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    ]);
    expect(responseSignatureHolds(xml, metadataCertificate(lab.awsProviderMetadata()))).toBe(true);
  });

  it('signs the rotated-certificate response validly with a key that is not the one in the AWS metadata', async () => {
    const { xml } = postedResponse(await walk('aws-signature-invalid'));
    const carried = elements(xml, DSIG, 'X509Certificate')[0]?.textContent ?? '';
    expect(responseSignatureHolds(xml, carried)).toBe(true);
    expect(responseSignatureHolds(xml, metadataCertificate(lab.awsProviderMetadata()))).toBe(false);
  });

  it("offers the rotated certificate in Salesforce's metadata while IAM's metadata keeps the old one", async () => {
    lab.setScenario('aws-signature-invalid');
    const metadata = await walkFlow(lab, lab.urls.salesforceMetadata);
    expect(metadata.end.kind === 'page' && metadata.end.html).toContain('entityID="https://acme-voice.my.salesforce.com"');
    const offered = metadata.end.kind === 'page' ? metadataCertificate(metadata.end.html) : '';
    expect(offered).not.toBe(metadataCertificate(lab.awsProviderMetadata()));
    expect(lab.secrets.certificateBodies).toContain(offered);
  });

  it('signs with rsa-sha1 when the connected app is set to SHA1', async () => {
    const { xml } = postedResponse(await walk('saml-sha1-signature'));
    expect(elements(xml, DSIG, 'SignatureMethod')[0]?.getAttribute('Algorithm')).toBe('http://www.w3.org/2000/09/xmldsig#rsa-sha1');
  });

  it('sends no signature at all in the unsigned scenario', async () => {
    const { xml } = postedResponse(await walk('saml-unsigned-response'));
    expect(elements(xml, DSIG, 'Signature')).toHaveLength(0);
  });

  it("sends AWS's Date header 15 minutes ahead of the assertion's IssueInstant when AWS's clock runs ahead", async () => {
    const flow = await walk('saml-assertion-expired');
    const issued = Date.parse(elements(postedResponse(flow).xml, SAML, 'Assertion')[0]?.getAttribute('IssueInstant') ?? '');
    const awsDate = Date.parse(flow.steps[1]?.dateHeader ?? '');
    expect(Math.round((awsDate - issued) / 60_000)).toBe(15);
  });

  it("issues the assertion 10 minutes after AWS's Date when Salesforce's clock runs ahead", async () => {
    const flow = await walk('saml-clock-skew');
    const issued = Date.parse(elements(postedResponse(flow).xml, SAML, 'Assertion')[0]?.getAttribute('IssueInstant') ?? '');
    const awsDate = Date.parse(flow.steps[1]?.dateHeader ?? '');
    expect(Math.round((issued - awsDate) / 60_000)).toBe(10);
  });

  it('puts a trailing space in the RoleSessionName of the whitespace scenario', async () => {
    const { xml } = postedResponse(await walk('aws-attribute-whitespace'));
    expect(attributeValues(xml, 'https://aws.amazon.com/SAML/Attributes/RoleSessionName')[0]).toMatch(/\S $/);
  });
});

describe('the federation lab, reached without the IdP', () => {
  it('shows Session Expired at the federate URL without a sign-in session', async () => {
    const flow = await walk('sso-healthy', lab.urls.federate);
    expect(flow.end).toMatchObject({ kind: 'page', status: 200 });
    expect(flow.end.kind === 'page' && flow.end.text).toContain('Session Expired');
  });

  it('shows Session Expired at the CCP without a Connect session', async () => {
    const flow = await walk('sso-healthy', lab.urls.ccp);
    expect(flow.end.kind === 'page' && flow.end.text).toContain('Session Expired');
  });

  it('serves a console page that starts SSO in a hidden iframe on the Telephony Provider Settings link', async () => {
    const flow = await walk('sso-healthy', lab.urls.consolePage);
    const html = flow.end.kind === 'page' ? flow.end.html : '';
    const iframe = /<iframe hidden[^>]* src="([^"]+)"/.exec(html);
    expect(iframe?.[1]?.replaceAll('&amp;', '&')).toBe(lab.urls.telephonyProviderSettings);
  });
});

describe('what the lab tells the e2e suite', () => {
  it('gives Chromium resolver rules without quotes that map the lab hosts and nothing else', () => {
    const rules = lab.hostResolverRules;
    expect(rules).not.toMatch(/["']/);
    expect(rules.startsWith(`MAP acme-voice.my.salesforce.com 127.0.0.1:${String(lab.port)}, `)).toBe(true);
    expect(rules).toContain(`MAP signin.aws.amazon.com 127.0.0.1:${String(lab.port)}, MAP *.signin.aws.amazon.com 127.0.0.1:${String(lab.port)}`);
    expect(rules).not.toContain('broken');
    expect(rules.endsWith('MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1')).toBe(true);
  });

  it('lists as secrets the values it put into the response, including the signature values it made', async () => {
    const { xml } = postedResponse(await walk('sso-healthy'));
    const signatureValues = elements(xml, DSIG, 'SignatureValue').map((v) => v.textContent ?? '');
    expect(signatureValues).toHaveLength(2);
    for (const value of signatureValues) expect(lab.secrets.signatureValues).toContain(value);
    expect(lab.secrets.certificateBodies).toContain(elements(xml, DSIG, 'X509Certificate')[0]?.textContent);
    for (const secret of [lab.secrets.username, lab.secrets.email, lab.secrets.userId15, lab.secrets.orgId, lab.secrets.nameId, lab.secrets.accountId]) {
      expect(xml).toContain(secret);
    }
    expect(lab.secrets.all()).toEqual(expect.arrayContaining([...signatureValues, lab.secrets.instanceId]));
    expect(lab.secrets.all().every((secret) => secret.length >= 5)).toBe(true);
  });

  it('logs every request with its method, host and path', async () => {
    const before = lab.requestLog.length;
    await walk('sf-insufficient-privileges');
    expect(lab.requestLog.slice(before)).toEqual([
      expect.objectContaining({ method: 'GET', host: 'acme-voice.my.salesforce.com', path: new URL(lab.urls.telephonyProviderSettings).pathname + new URL(lab.urls.telephonyProviderSettings).search }),
    ]);
  });

  it('names every scenario after a catalog id or says which catalog id it demonstrates', () => {
    for (const name of LAB_SCENARIO_NAMES) {
      expect(name.startsWith(LAB_SCENARIOS[name].catalogId)).toBe(true);
    }
  });
});

describe('lab identity', () => {
  it("turns a 15-character Salesforce id into the 18-character form Salesforce's formulas return", () => {
    expect(toEighteenCharacterId('001A0000006Vm9r')).toBe('001A0000006Vm9rIAC');
  });

  it('refuses a template with an unknown placeholder', () => {
    expect(() => fillTemplate('{alias}@{orgid}', LAB_IDENTITY)).toThrow(/orgid/);
  });

  it('fills lower-case placeholders', () => {
    expect(fillTemplate('{lower:userId}', LAB_IDENTITY)).toBe(LAB_IDENTITY.userId.toLowerCase());
  });
});

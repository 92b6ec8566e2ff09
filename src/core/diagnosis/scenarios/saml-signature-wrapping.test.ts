import { describe, expect, it } from 'vitest';
import { TEST_DEFAULTS, buildSalesforceResponse, flowWithSamlPost, sharedTestIdp, type ResponseOverrides } from '../../../testing/saml-builder.ts';
import { runScenario } from '../../../testing/scenario-harness.ts';
import { samlSignatureWrapping } from './saml-signature-wrapping.ts';

const ASSERTION_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';
const ASSERTION_ID = '_f9e8d7c6b5a4938271605f4e3d2c1b0a1772445600000';

async function detectXml(xml: string) {
  return runScenario(samlSignatureWrapping, flowWithSamlPost(xml));
}

async function detect(overrides: ResponseOverrides) {
  const idp = await sharedTestIdp();
  return detectXml(buildSalesforceResponse(idp, overrides));
}

describe('saml-signature-wrapping', () => {
  it('names the XSW shape: a forged, unsigned Assertion placed before the signed one', async () => {
    const [finding] = await detect({ wrap: true });
    expect(finding?.id).toBe('saml-signature-wrapping');
    expect(finding?.severity).toBe('error');
    expect(finding?.title).toContain('a second, unsigned Assertion precedes the signed one');
    expect(finding?.summary).toContain('attack');
    expect(finding?.evidence.find((item) => item.label === 'Assertions')?.observed).toBe(`${ASSERTION_ID}-forged (unsigned), ${ASSERTION_ID} (signed)`);
  });

  it('flags an Assertion hidden inside the Response Extensions', async () => {
    const hidden = `<samlp:Extensions><saml:Assertion xmlns:saml="${ASSERTION_NS}" ID="_hidden" Version="2.0" IssueInstant="${TEST_DEFAULTS.issueInstant}"><saml:Issuer>${TEST_DEFAULTS.issuer}</saml:Issuer></saml:Assertion></samlp:Extensions>`;
    const [finding] = await detect({ extraResponseXml: hidden });
    expect(finding?.title).toContain('an Assertion is hidden at');
    expect(finding?.evidence[0]?.observed).toContain('_hidden');
  });

  it('flags a comment splitting the signed NameID (CVE-2017-11428) although the signatures still verify', async () => {
    const idp = await sharedTestIdp();
    const nameId = TEST_DEFAULTS.nameId;
    const xml = buildSalesforceResponse(idp).replace(`>${nameId}</saml:NameID>`, `>${nameId.slice(0, 6)}<!---->${nameId.slice(6)}</saml:NameID>`);
    const [finding] = await detectXml(xml);
    expect(finding?.evidence.map((item) => item.label)).toEqual(['NameID']);
    expect(finding?.evidence[0]?.observed).toContain(`sees "${nameId.slice(0, 6)}"`);
  });

  it('flags an ID that two elements carry', async () => {
    const [finding] = await detect({ extraResponseXml: `<samlp:Extensions><x:Note xmlns:x="urn:example:x" ID="${ASSERTION_ID}"/></samlp:Extensions>` });
    expect(finding?.evidence.map((item) => item.label)).toContain('Duplicate ID');
  });

  it('accepts a signature in the Response that signs the identity assertion itself (samlify lays signatures out so)', async () => {
    const idp = await sharedTestIdp();
    const signed = buildSalesforceResponse(idp, { sign: 'assertion' });
    const signature = /<ds:Signature[\s\S]*?<\/ds:Signature>/.exec(signed)?.[0] ?? '';
    const moved = signed.replace(signature, '').replace('</samlp:Response>', `${signature}</samlp:Response>`);
    expect(await detectXml(moved)).toEqual([]);
  });

  it('flags a valid signature in the Response that signs an element other than the identity assertion', async () => {
    const idp = await sharedTestIdp();
    const signed = buildSalesforceResponse(idp, { sign: 'assertion' });
    const signature = /<ds:Signature[\s\S]*?<\/ds:Signature>/.exec(signed)?.[0] ?? '';
    const assertion = /<saml:Assertion[\s\S]*?<\/saml:Assertion>/.exec(signed.replace(signature, ''))?.[0] ?? '';
    // The signed assertion moves into Extensions; a forged copy takes its place, the signature stays in the Response.
    const forged = assertion.replace(/ID="[^"]+"/, 'ID="_forged"');
    const moved = signed.replace(signature, '').replace(assertion, forged).replace('</samlp:Response>', `<samlp:Extensions>${assertion}</samlp:Extensions>${signature}</samlp:Response>`);
    const [finding] = await detectXml(moved);
    expect(finding?.evidence.map((item) => item.label)).toEqual(expect.arrayContaining(['Signature reference', 'Identity assertion']));
  });

  it('flags a signature placed on an element that is neither the Response nor an Assertion', async () => {
    const idp = await sharedTestIdp();
    const signed = buildSalesforceResponse(idp, { sign: 'assertion' });
    const signature = /<ds:Signature[\s\S]*?<\/ds:Signature>/.exec(signed)?.[0] ?? '';
    const moved = signed.replace(signature, '').replace('</samlp:Response>', `<samlp:Extensions>${signature}</samlp:Extensions></samlp:Response>`);
    const [finding] = await detectXml(moved);
    expect(finding?.evidence.map((item) => item.label)).toContain('Signature position');
    expect(finding?.title).toContain('a signature sits on /samlp:Response/samlp:Extensions[1], not on the Response or the Assertion');
  });

  it('flags two signatures on the same element', async () => {
    const idp = await sharedTestIdp();
    const signed = buildSalesforceResponse(idp, { sign: 'response' });
    const signature = /<ds:Signature[\s\S]*?<\/ds:Signature>/.exec(signed)?.[0] ?? '';
    const [finding] = await detectXml(signed.replace(signature, signature + signature));
    expect(finding?.evidence.map((item) => item.label)).toContain('Repeated signature');
  });

  it('flags two assertions in one response even when the first is signed', async () => {
    const second = `<saml:Assertion xmlns:saml="${ASSERTION_NS}" ID="_second" Version="2.0" IssueInstant="${TEST_DEFAULTS.issueInstant}"><saml:Issuer>${TEST_DEFAULTS.issuer}</saml:Issuer></saml:Assertion>`;
    const [finding] = await detect({ extraResponseXml: second });
    expect(finding?.title).toContain('2 assertions in one response');
  });

  it('stays silent on the healthy Salesforce response, signed or not', async () => {
    expect(await detect({})).toEqual([]);
    expect(await detect({ sign: 'none' })).toEqual([]);
  });
});

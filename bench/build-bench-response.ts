import { buildSalesforceResponse, TEST_DEFAULTS, type TestIdp } from '../src/testing/saml-builder.ts';

/** What Salesforce's SAML IdP adds to the AWS attributes by default (User Id, username, email, portal flag). */
const SALESFORCE_STANDARD_ATTRIBUTES: Readonly<Record<string, string>> = {
  userId: TEST_DEFAULTS.userId,
  username: 'jdoe@acme-voice.example.com',
  email: 'jane.doe@acme-voice.example.com',
  is_portal_user: 'false',
};

/** One filler attribute: four values, like a group list or a permission list. */
function fillerAttribute(index: number): readonly string[] {
  const id = String(index).padStart(6, '0');
  return [`AcmeVoice-Queue-${id}-Inbound`, `AcmeVoice-Queue-${id}-Outbound`, `AcmeVoice-Skill-${id}`, `AcmeVoice-Routing-Profile-${id}`];
}

/**
 * A Salesforce-shaped SAML response, signed twice as Salesforce signs it (Response and
 * Assertion, RSA-SHA256, exclusive c14n), with Salesforce's standard attributes: about 8 KB,
 * the real-world size.
 */
export function buildBenchResponse(idp: TestIdp): string {
  return buildSalesforceResponse(idp, { attributes: SALESFORCE_STANDARD_ATTRIBUTES });
}

/**
 * The same response with its Assertion element grown by multi-valued attributes to at least
 * `assertionBytes` characters (the smallest is the plain AWS-only assertion, about 4.5 KB).
 */
export function buildScaledResponse(idp: TestIdp, assertionBytes: number): { readonly xml: string; readonly assertionChars: number } {
  const build = (fillers: number): string => {
    const attributes: Record<string, readonly string[]> = {};
    for (let index = 0; index < fillers; index++) attributes[`https://acme-voice.example.com/SAML/Attributes/Assignment${String(index).padStart(6, '0')}`] = fillerAttribute(index);
    return buildSalesforceResponse(idp, { attributes });
  };
  const base = build(0);
  const baseChars = assertionLength(base);
  if (baseChars >= assertionBytes) return { xml: base, assertionChars: baseChars };
  const perFiller = (assertionLength(build(10)) - baseChars) / 10;
  let fillers = Math.ceil((assertionBytes - baseChars) / perFiller);
  let xml = build(fillers);
  while (assertionLength(xml) < assertionBytes) {
    fillers += Math.max(1, Math.ceil((assertionBytes - assertionLength(xml)) / perFiller));
    xml = build(fillers);
  }
  return { xml, assertionChars: assertionLength(xml) };
}

function assertionLength(xml: string): number {
  const start = xml.indexOf('<saml:Assertion ');
  const end = xml.lastIndexOf('</saml:Assertion>');
  return start < 0 || end < 0 ? 0 : end + '</saml:Assertion>'.length - start;
}

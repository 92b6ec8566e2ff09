import { describe, expect, it } from 'vitest';
import { TEST_DEFAULTS, buildSalesforceResponse, flowWithSamlPost, sharedTestIdp } from '../../../testing/saml-builder.ts';
import { runScenario } from '../../../testing/scenario-harness.ts';
import { samlEncryptedAssertion } from './saml-encrypted-assertion.ts';

describe('saml-encrypted-assertion', () => {
  it('reports an encrypted assertion as information and shows the Response fields', async () => {
    const idp = await sharedTestIdp();
    const [finding] = await runScenario(samlEncryptedAssertion, flowWithSamlPost(buildSalesforceResponse(idp, { encryptAssertion: true })));
    expect(finding?.id).toBe('saml-encrypted-assertion');
    expect(finding?.severity).toBe('info');
    const observed = (label: string) => finding?.evidence.find((item) => item.label === label)?.observed;
    expect(observed('EncryptedAssertion elements')).toBe('1');
    expect(observed('Response Issuer')).toBe(TEST_DEFAULTS.issuer);
    expect(observed('Destination')).toBe(TEST_DEFAULTS.samlEndpoint);
    expect(observed('Status')).toBe('urn:oasis:names:tc:SAML:2.0:status:Success');
  });

  it('warns when encrypted and plain assertions are mixed', async () => {
    const idp = await sharedTestIdp();
    const encrypted = '<saml:EncryptedAssertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"><xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#"/></saml:EncryptedAssertion>';
    const [finding] = await runScenario(samlEncryptedAssertion, flowWithSamlPost(buildSalesforceResponse(idp, { extraResponseXml: encrypted })));
    expect(finding?.severity).toBe('warning');
  });

  it('stays silent on the healthy Salesforce response', async () => {
    const idp = await sharedTestIdp();
    expect(await runScenario(samlEncryptedAssertion, flowWithSamlPost(buildSalesforceResponse(idp)))).toEqual([]);
  });
});

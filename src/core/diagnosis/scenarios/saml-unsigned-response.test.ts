import { describe, expect, it } from 'vitest';
import { buildSalesforceResponse, flowWithSamlPost, sharedTestIdp, type ResponseOverrides } from '../../../testing/saml-builder.ts';
import { runScenario } from '../../../testing/scenario-harness.ts';
import { samlUnsignedResponse } from './saml-unsigned-response.ts';

async function detect(overrides: ResponseOverrides) {
  const idp = await sharedTestIdp();
  return runScenario(samlUnsignedResponse, flowWithSamlPost(buildSalesforceResponse(idp, overrides)));
}

describe('saml-unsigned-response', () => {
  it('flags a response in which neither the Response nor the Assertion is signed', async () => {
    const [finding] = await detect({ sign: 'none' });
    expect(finding?.id).toBe('saml-unsigned-response');
    expect(finding?.severity).toBe('error');
    expect(finding?.evidence.map((item) => item.observed)).toEqual(['none', 'none']);
  });

  it.each(['response', 'assertion'] as const)('accepts a response signed only on the %s', async (sign) => {
    expect(await detect({ sign })).toEqual([]);
  });

  it('does not judge an encrypted assertion, whose signature may be inside the ciphertext', async () => {
    expect(await detect({ sign: 'none', encryptAssertion: true })).toEqual([]);
  });

  it('stays silent on the healthy Salesforce response', async () => {
    expect(await detect({})).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { buildSalesforceResponse, encodePost, flowWithSamlPost, sharedTestIdp, buildFlow, samlPostHop } from '../../testing/saml-builder.ts';
import { findLiveCredentials } from './find-live-credentials.ts';

describe('findLiveCredentials', () => {
  it('reports an assertion as live until the earlier of its Conditions and SubjectConfirmation NotOnOrAfter', async () => {
    const idp = await sharedTestIdp();
    const flow = flowWithSamlPost(buildSalesforceResponse(idp, { notOnOrAfter: '2026-03-02T10:05:00.000Z', subjectNotOnOrAfter: '2026-03-02T10:03:00.000Z' }));
    expect(findLiveCredentials(flow, '2026-03-02T10:02:59.000Z')).toEqual([{ hopId: 'hop-2', validUntil: '2026-03-02T10:03:00.000Z' }]);
    expect(findLiveCredentials(flow, '2026-03-02T10:03:00.000Z')).toEqual([]);
  });

  it('treats an assertion without any expiry, an encrypted one and an unreadable value as live', async () => {
    const idp = await sharedTestIdp();
    const noExpiry = buildSalesforceResponse(idp, { sign: 'none' }).replace(/ NotOnOrAfter="[^"]+"/g, '');
    const flow = buildFlow({
      hops: [
        samlPostHop(noExpiry),
        samlPostHop(buildSalesforceResponse(idp, { encryptAssertion: true })),
        { ...samlPostHop(''), saml: { SAMLResponse: `${encodePost('<samlp:Response')}!!` } },
      ],
    });
    expect(findLiveCredentials(flow, '2030-01-01T00:00:00.000Z').map((credential) => [credential.hopId, credential.validUntil])).toEqual([
      ['hop-1', undefined],
      ['hop-2', undefined],
      ['hop-3', undefined],
    ]);
  });

  it('does not count a flow without a SAML response', () => {
    expect(findLiveCredentials(buildFlow({ hops: [{ kind: 'salesforce-idp', url: 'https://acme.my.salesforce.com/idp/login' }] }), '2026-03-02T10:00:00.000Z')).toEqual([]);
  });
});

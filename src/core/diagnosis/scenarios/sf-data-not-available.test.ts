import { describe, expect, it } from 'vitest';
import { buildFlow, buildSalesforceResponse, errorPage, flowWithSamlPost, idpLoginHop, sharedTestIdp } from '../../../testing/saml-builder.ts';
import { runScenario } from '../../../testing/scenario-harness.ts';
import { sfDataNotAvailable } from './sf-data-not-available.ts';

describe('sf-data-not-available', () => {
  it('fires when idp/login shows Data Not Available and walks through replacing the certificate', async () => {
    const flow = buildFlow({ hops: [idpLoginHop({ page: errorPage('sf-data-not-available') })] });
    const [finding] = await runScenario(sfDataNotAvailable, flow);
    expect(finding?.id).toBe('sf-data-not-available');
    expect(finding?.evidence[0]?.hopId).toBe('hop-1');
    const paths = finding?.remediation.map((step) => step.consolePath ?? '') ?? [];
    expect(paths.some((path) => path.includes('Certificate and Key Management'))).toBe(true);
    expect(paths.some((path) => path.includes('Download Metadata'))).toBe(true);
    expect(finding?.remediation.some((step) => step.command?.startsWith('aws iam update-saml-provider') === true)).toBe(true);
  });

  it('stays silent on a healthy flow', async () => {
    const idp = await sharedTestIdp();
    expect(await runScenario(sfDataNotAvailable, flowWithSamlPost(buildSalesforceResponse(idp)))).toEqual([]);
  });
});

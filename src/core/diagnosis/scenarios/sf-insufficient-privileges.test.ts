import { describe, expect, it } from 'vitest';
import { buildFlow, buildSalesforceResponse, errorPage, flowWithSamlPost, idpLoginHop, sharedTestIdp } from '../../../testing/saml-builder.ts';
import { runScenario } from '../../../testing/scenario-harness.ts';
import { sfInsufficientPrivileges } from './sf-insufficient-privileges.ts';

describe('sf-insufficient-privileges', () => {
  it('fires when idp/login shows the Insufficient Privileges page, naming the connected app', async () => {
    const flow = buildFlow({ hops: [idpLoginHop({ page: errorPage('sf-insufficient-privileges') })] });
    const [finding] = await runScenario(sfInsufficientPrivileges, flow);
    expect(finding?.id).toBe('sf-insufficient-privileges');
    expect(finding?.basis).toBe('observed');
    expect(finding?.evidence.find((item) => item.label === 'Connected app id')?.observed).toBe('0sp5g000000abcd');
    expect(finding?.remediation.map((step) => step.consolePath).join('\n')).toContain('Permission Set Assignments');
  });

  it('stays silent on a healthy flow', async () => {
    const idp = await sharedTestIdp();
    expect(await runScenario(sfInsufficientPrivileges, flowWithSamlPost(buildSalesforceResponse(idp)))).toEqual([]);
  });
});

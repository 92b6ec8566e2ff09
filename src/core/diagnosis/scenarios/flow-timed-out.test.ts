import { describe, expect, it } from 'vitest';
import { buildFlow, buildSalesforceResponse, errorPage, flowWithSamlPost, idpLoginHop, samlPostHop, sharedTestIdp } from '../../../testing/saml-builder.ts';
import { runScenario } from '../../../testing/scenario-harness.ts';
import { flowTimedOut } from './flow-timed-out.ts';

describe('flow-timed-out', () => {
  it('fires as a warning when the flow ended after the POST without an answer', async () => {
    const idp = await sharedTestIdp();
    const flow = buildFlow({ hops: [idpLoginHop(), samlPostHop(buildSalesforceResponse(idp), { status: 200 })], closeReason: 'timed-out' });
    const [finding] = await runScenario(flowTimedOut, flow);
    expect(finding).toMatchObject({ id: 'flow-timed-out', severity: 'warning' });
    expect(finding?.evidence[0]).toMatchObject({ observed: 'POST https://signin.aws.amazon.com/saml', hopId: 'hop-2' });
    expect(finding?.cause).toContain('timed-out');
  });

  it('reports a flow that is still running as info', async () => {
    const flow = buildFlow({ hops: [idpLoginHop()], state: 'running' });
    const [finding] = await runScenario(flowTimedOut, flow);
    expect(finding?.severity).toBe('info');
  });

  it('fires when AWS stopped at its role selection page', async () => {
    const idp = await sharedTestIdp();
    const flow = flowWithSamlPost(buildSalesforceResponse(idp), { page: errorPage('aws-role-selection') });
    const [finding] = await runScenario(flowTimedOut, flow);
    expect(finding?.title).toContain('role selection');
  });

  it('stays silent on a healthy flow, on a recognised error page and on a lone SAML value', async () => {
    const idp = await sharedTestIdp();
    const xml = buildSalesforceResponse(idp);
    expect(await runScenario(flowTimedOut, flowWithSamlPost(xml))).toEqual([]);
    expect(await runScenario(flowTimedOut, flowWithSamlPost(xml, { page: errorPage('aws-signature-invalid') }))).toEqual([]);
    expect(await runScenario(flowTimedOut, buildFlow({ source: 'message', hops: [samlPostHop(xml)] }))).toEqual([]);
  });
});

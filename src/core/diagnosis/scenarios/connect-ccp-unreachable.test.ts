import { describe, expect, it } from 'vitest';
import { TEST_DEFAULTS, buildSalesforceResponse, connectAppHop, federateHop, flowWithSamlPost, sharedTestIdp } from '../../../testing/saml-builder.ts';
import { runScenario } from '../../../testing/scenario-harness.ts';
import { connectCcpUnreachable } from './connect-ccp-unreachable.ts';

describe('connect-ccp-unreachable', () => {
  it('fires when the CCP host does not resolve after a successful login', async () => {
    const idp = await sharedTestIdp();
    const flow = flowWithSamlPost(buildSalesforceResponse(idp), { thenHops: [federateHop(), connectAppHop({ networkError: 'net::ERR_NAME_NOT_RESOLVED' })] });
    const [finding] = await runScenario(connectCcpUnreachable, flow);
    expect(finding?.title).toContain('acme-voice.my.connect.aws');
    expect(finding?.cause).toContain('could not resolve');
    const commands = finding?.remediation.map((step) => step.command ?? '').join('\n') ?? '';
    expect(commands).toContain('nslookup acme-voice.my.connect.aws');
    expect(commands).toContain(`aws connect describe-instance --instance-id ${TEST_DEFAULTS.instanceId} --region us-east-1`);
  });

  it('ignores an aborted navigation that is followed by the CCP loading', async () => {
    const idp = await sharedTestIdp();
    const flow = flowWithSamlPost(buildSalesforceResponse(idp), { thenHops: [federateHop(), connectAppHop({ networkError: 'net::ERR_ABORTED' }), connectAppHop()] });
    expect(await runScenario(connectCcpUnreachable, flow)).toEqual([]);
  });

  it('stays silent on a healthy flow', async () => {
    const idp = await sharedTestIdp();
    expect(await runScenario(connectCcpUnreachable, flowWithSamlPost(buildSalesforceResponse(idp)))).toEqual([]);
  });
});

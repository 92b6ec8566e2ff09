import { describe, expect, it } from 'vitest';
import { TEST_DEFAULTS, buildFlow, buildSalesforceResponse, flowWithSamlPost, idpLoginHop, samlPostHop, sharedTestIdp } from '../../../testing/saml-builder.ts';
import { runScenario } from '../../../testing/scenario-harness.ts';
import { samlClockSkew } from './saml-clock-skew.ts';

const ISSUED = Date.parse(TEST_DEFAULTS.issueInstant);
const at = (seconds: number): string => new Date(ISSUED + seconds * 1000).toISOString();

/** flowWithSamlPost posts 1 s after the idp/login hop (browser clock); AWS's Date is given here. */
async function detectWithAwsDate(serverDate: string) {
  const idp = await sharedTestIdp();
  return runScenario(samlClockSkew, flowWithSamlPost(buildSalesforceResponse(idp), { serverDate }));
}

describe('saml-clock-skew', () => {
  it('flags an identity provider clock 10 minutes behind AWS', async () => {
    const [finding] = await detectWithAwsDate(at(601));
    expect(finding?.id).toBe('saml-clock-skew');
    expect(finding?.severity).toBe('error');
    expect(finding?.title).toBe("The identity provider's clock is 10 min behind AWS's");
    expect(finding?.evidence.find((item) => item.label === 'Offset')?.observed).toBe('10 min behind');
  });

  it('flags an identity provider clock ahead of AWS', async () => {
    const [finding] = await detectWithAwsDate(at(-600));
    expect(finding?.title).toContain('ahead of');
  });

  it('tolerates exactly 5 minutes of skew and flags one second more', async () => {
    // Skew = IssueInstant - (AWS Date - 1 s posting delay).
    expect(await detectWithAwsDate(at(301))).toEqual([]);
    expect(await detectWithAwsDate(at(302))).toHaveLength(1);
  });

  it('does not mistake a slow POST for skew: the posting delay is measured on the browser clock', async () => {
    const idp = await sharedTestIdp();
    const flow = buildFlow({ hops: [idpLoginHop({ startedAt: at(-1) }), { ...samlPostHop(buildSalesforceResponse(idp), { serverDate: at(1200) }), startedAt: at(1199) }] });
    expect(await runScenario(samlClockSkew, flow)).toEqual([]);
  });

  it('notes a wrong computer clock as information when Salesforce and AWS agree', async () => {
    const idp = await sharedTestIdp();
    const flow = buildFlow({ hops: [idpLoginHop({ startedAt: at(1199) }), { ...samlPostHop(buildSalesforceResponse(idp), { serverDate: at(2) }), startedAt: at(1200) }] });
    const [finding] = await runScenario(samlClockSkew, flow);
    expect(finding?.severity).toBe('info');
    expect(finding?.title).toBe("This computer's clock is 19 min 58 s ahead of AWS's");
  });

  it('compares the identity provider with the browser when AWS\'s Date is unknown, as a warning', async () => {
    const idp = await sharedTestIdp();
    const flow = buildFlow({ hops: [idpLoginHop({ startedAt: at(900) }), { ...samlPostHop(buildSalesforceResponse(idp)), startedAt: at(901) }] });
    const [finding] = await runScenario(samlClockSkew, flow);
    expect(finding?.severity).toBe('warning');
    expect(finding?.title).toBe("The identity provider's clock and this computer's differ by 15 min");
  });

  it('says nothing about a pasted message without any clock to compare', async () => {
    const idp = await sharedTestIdp();
    const flow = buildFlow({ source: 'message', hops: [samlPostHop(buildSalesforceResponse(idp))] });
    expect(await runScenario(samlClockSkew, flow)).toEqual([]);
  });

  it('stays silent on the healthy Salesforce response', async () => {
    const idp = await sharedTestIdp();
    expect(await runScenario(samlClockSkew, flowWithSamlPost(buildSalesforceResponse(idp)))).toEqual([]);
  });
});

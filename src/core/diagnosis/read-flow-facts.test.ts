import { describe, expect, it } from 'vitest';
import { buildSalesforceResponse, flowWithSamlPost, sharedTestIdp, testContext } from '../../testing/saml-builder.ts';
import { analyzeFlow } from './analyze-flow.ts';
import { readFlowFacts } from './read-flow-facts.ts';

describe('readFlowFacts', () => {
  it('reads the facts of an analysed flow once and hands the same facts to every later reader', async () => {
    const idp = await sharedTestIdp();
    const context = testContext();
    const analyzed = await analyzeFlow(flowWithSamlPost(buildSalesforceResponse(idp)), context);
    const first = readFlowFacts(analyzed, context);
    expect(first.primary?.hop.id).toBe(analyzed.hops[1]?.hop.id);
    expect(readFlowFacts(analyzed, context)).toBe(first);
  });

  it('reads the facts again for another context, which can name another region', async () => {
    const idp = await sharedTestIdp();
    const analyzed = await analyzeFlow(flowWithSamlPost(buildSalesforceResponse(idp)), testContext());
    const inFrankfurt = readFlowFacts(analyzed, testContext({ region: 'eu-central-1' }));
    const inSydney = readFlowFacts(analyzed, testContext({ region: 'ap-southeast-2' }));
    expect([inFrankfurt.connectRegion, inSydney.connectRegion]).toEqual(['eu-central-1', 'ap-southeast-2']);
  });
});

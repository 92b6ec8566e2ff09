import { describe, expect, it } from 'vitest';
import { TEST_DEFAULTS, buildFlow, buildSalesforceResponse, errorPage, flowWithSamlPost, idpLoginHop, samlPostHop, sharedTestIdp, testContext, type ResponseOverrides, type SamlPostFlowOptions } from '../../../testing/saml-builder.ts';
import { runScenario } from '../../../testing/scenario-harness.ts';
import { parseSamlInstant, samlAssertionExpired } from './saml-assertion-expired.ts';

const ISSUED = Date.parse(TEST_DEFAULTS.issueInstant);
const at = (seconds: number): string => new Date(ISSUED + seconds * 1000).toISOString();

async function detect(overrides: ResponseOverrides, options: SamlPostFlowOptions = {}) {
  const idp = await sharedTestIdp();
  return runScenario(samlAssertionExpired, flowWithSamlPost(buildSalesforceResponse(idp, overrides), options));
}

describe('saml-assertion-expired', () => {
  it('flags an assertion whose NotOnOrAfter had passed by AWS\'s Date header', async () => {
    const [finding] = await detect({}, { serverDate: at(301) });
    expect(finding?.id).toBe('saml-assertion-expired');
    expect(finding?.severity).toBe('error');
    expect(finding?.title).toBe('The SAML assertion had expired when AWS received it');
    expect(finding?.evidence.find((item) => item.label === 'Conditions NotOnOrAfter')?.observed).toBe(`${at(300)} (1 s before AWS's clock (Date header of its answer to the POST))`);
  });

  it('treats NotOnOrAfter equal to AWS\'s time as expired, one second before as valid', async () => {
    expect(await detect({}, { serverDate: at(300) })).toHaveLength(1);
    expect(await detect({}, { serverDate: at(299) })).toEqual([]);
  });

  it('flags an expired SubjectConfirmationData on its own', async () => {
    const [finding] = await detect({ subjectNotOnOrAfter: at(1) }, { serverDate: at(2) });
    expect(finding?.evidence.map((item) => item.label)).toContain('SubjectConfirmationData NotOnOrAfter');
    expect(finding?.evidence.map((item) => item.label)).not.toContain('Conditions NotOnOrAfter');
  });

  it('calls an assertion whose NotBefore is over 5 minutes ahead "not yet valid", and tolerates exactly 5 minutes', async () => {
    const [finding] = await detect({ notBefore: at(600), notOnOrAfter: at(900) }, { serverDate: at(2) });
    expect(finding?.title).toBe('The SAML assertion was not yet valid when AWS received it');
    expect(await detect({ notBefore: at(302), notOnOrAfter: at(900) }, { serverDate: at(2) })).toEqual([]);
    expect(await detect({ notBefore: at(303), notOnOrAfter: at(900) }, { serverDate: at(2) })).toHaveLength(1);
  });

  it('blames a late POST when the browser sent the response long after Salesforce built it', async () => {
    const idp = await sharedTestIdp();
    const xml = buildSalesforceResponse(idp);
    const flow = buildFlow({ hops: [idpLoginHop({ startedAt: at(-1) }), { ...samlPostHop(xml, { serverDate: at(1200) }), startedAt: at(1199) }] });
    const [finding] = await runScenario(samlAssertionExpired, flow);
    expect(finding?.cause).toContain('posted the response 20 min after Salesforce built it');
    expect(finding?.evidence.find((item) => item.label === 'Posting delay (browser clock)')?.observed).toBe('20 min');
  });

  it('judges a captured flow at the time it was posted, not when the diagnosis runs a day later', async () => {
    const idp = await sharedTestIdp();
    const xml = buildSalesforceResponse(idp);
    const flow = buildFlow({ hops: [idpLoginHop({ startedAt: at(-1) }), samlPostHop(xml)] });
    expect(await runScenario(samlAssertionExpired, flow, testContext({ now: at(86_400) }))).toEqual([]);
  });

  it('judges a pasted message at the evaluation time', async () => {
    const idp = await sharedTestIdp();
    const flow = buildFlow({ source: 'message', hops: [samlPostHop(buildSalesforceResponse(idp))] });
    const [finding] = await runScenario(samlAssertionExpired, flow, testContext({ now: at(86_400) }));
    expect(finding?.evidence.find((item) => item.label === 'Judged at')?.observed).toBe(`${at(86_400)} (the evaluation time)`);
  });

  it('becomes observed when AWS answered ExpiredToken', async () => {
    const [finding] = await detect({}, { serverDate: at(400), page: errorPage('aws-expired-token') });
    expect(finding?.basis).toBe('observed');
  });

  it('stays silent on the healthy Salesforce response', async () => {
    expect(await detect({})).toEqual([]);
  });
});

describe('parseSamlInstant', () => {
  it('reads UTC with Z, a zone offset, and no zone as UTC', () => {
    expect(parseSamlInstant('2026-03-02T10:00:00Z')).toBe(ISSUED);
    expect(parseSamlInstant('2026-03-02T12:00:00+02:00')).toBe(ISSUED);
    expect(parseSamlInstant('2026-03-02T10:00:00')).toBe(ISSUED);
  });

  it('cuts seven fraction digits (ADFS) to milliseconds and refuses non-dates', () => {
    expect(parseSamlInstant('2026-03-02T10:00:00.1234567Z')).toBe(ISSUED + 123);
    expect(parseSamlInstant('yesterday')).toBeUndefined();
    expect(parseSamlInstant(undefined)).toBeUndefined();
  });
});

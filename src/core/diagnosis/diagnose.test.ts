import { describe, expect, it } from 'vitest';
import {
  TEST_DEFAULTS,
  buildFlow,
  encodePost,
  buildSalesforceResponse,
  createTestIdp,
  errorPage,
  federateHop,
  flowWithSamlPost,
  idpLoginHop,
  sharedTestIdp,
  testContext,
} from '../../testing/saml-builder.ts';
import { metadataFor } from '../../testing/scenario-harness.ts';
import { flowFromSamlValue, flowsFromHar } from '../flow/flow-from-har.ts';
import { analyzeFlow } from './analyze-flow.ts';
import { createFinding } from './create-finding.ts';
import { diagnose, diagnoseFlow, rankFindings } from './diagnose.ts';
import type { Finding, ScenarioId } from './finding.ts';
import type { Scenario } from './scenario.ts';
import { SCENARIOS } from './scenarios/index.ts';

function finding(id: ScenarioId, severity: Finding['severity'], basis: Finding['basis'], hopId = 'hop-2'): Finding {
  return createFinding(id, { severity, basis, title: id, summary: '', cause: '', evidence: [{ label: 'x', hopId }], remediation: [], sources: [] });
}

const ranked: Scenario[] = [
  { id: 'saml-undecodable', rank: 0, detect: () => [] },
  { id: 'aws-signature-invalid', rank: 20, detect: () => [] },
  { id: 'aws-role-attribute-missing', rank: 30, detect: () => [] },
  { id: 'aws-invalid-saml-response', rank: 69, detect: () => [] },
  { id: 'connect-not-onboarded', rank: 81, detect: () => [] },
  { id: 'idp-cert-expiring', rank: 27, detect: () => [] },
  { id: 'sso-healthy', rank: 100, detect: () => [] },
];

describe('rankFindings', () => {
  it('puts errors before warnings before info', () => {
    const order = rankFindings([finding('sso-healthy', 'info', 'observed'), finding('idp-cert-expiring', 'warning', 'predicted'), finding('connect-not-onboarded', 'error', 'predicted')], ranked);
    expect(order.map((f) => f.id)).toEqual(['connect-not-onboarded', 'idp-cert-expiring', 'sso-healthy']);
  });

  it('lets an observed error page beat a prediction of lower rank', () => {
    const order = rankFindings([finding('aws-signature-invalid', 'error', 'predicted'), finding('connect-not-onboarded', 'error', 'observed', 'hop-3')], ranked);
    expect(order[0]?.id).toBe('connect-not-onboarded');
  });

  it('prefers the lower rank among predictions', () => {
    const order = rankFindings([finding('aws-role-attribute-missing', 'error', 'predicted'), finding('aws-signature-invalid', 'error', 'predicted')], ranked);
    expect(order.map((f) => f.id)).toEqual(['aws-signature-invalid', 'aws-role-attribute-missing']);
  });

  it('lets a lower-ranked prediction about the same hop explain the generic invalid-response page', () => {
    const order = rankFindings([finding('aws-invalid-saml-response', 'error', 'observed'), finding('aws-role-attribute-missing', 'error', 'predicted')], ranked);
    expect(order.map((f) => f.id)).toEqual(['aws-role-attribute-missing', 'aws-invalid-saml-response']);
  });

  it('lets an unsigned or wrapped response explain the "Response signature invalid" page on the same hop', () => {
    expect(rankFindings([finding('aws-signature-invalid', 'error', 'observed'), finding('saml-unsigned-response', 'error', 'predicted')], ranked)[0]?.id).toBe('saml-unsigned-response');
    expect(rankFindings([finding('aws-signature-invalid', 'error', 'observed'), finding('saml-signature-wrapping', 'error', 'predicted')], ranked)[0]?.id).toBe('saml-signature-wrapping');
    // Any other prediction leaves the page primary: the page names the cause itself.
    expect(rankFindings([finding('aws-signature-invalid', 'error', 'observed'), finding('aws-role-attribute-missing', 'error', 'predicted')], ranked)[0]?.id).toBe('aws-signature-invalid');
  });

  it('keeps the generic page primary when the prediction concerns another hop or is only a warning', () => {
    expect(rankFindings([finding('aws-invalid-saml-response', 'error', 'observed'), finding('aws-role-attribute-missing', 'error', 'predicted', 'hop-9')], ranked)[0]?.id).toBe('aws-invalid-saml-response');
    expect(rankFindings([finding('aws-invalid-saml-response', 'error', 'observed'), finding('idp-cert-expiring', 'warning', 'predicted')], ranked)[0]?.id).toBe('aws-invalid-saml-response');
  });
});

describe('diagnose', () => {
  it('gives a healthy flow the sso-healthy verdict and summarises its SAML response', async () => {
    const idp = await sharedTestIdp();
    const context = testContext({ metadata: await metadataFor(idp), connectUsers: [{ username: TEST_DEFAULTS.roleSessionName }] });
    const diagnosis = await diagnoseFlow(flowWithSamlPost(buildSalesforceResponse(idp)), context);
    expect(diagnosis.primary.id).toBe('sso-healthy');
    expect(diagnosis.findings.map((f) => f.id)).toEqual(['sso-healthy']);
    expect(diagnosis.flowId).toBe('flow-1');
    expect(diagnosis.evaluatedAt).toBe(context.now);
    expect(diagnosis.message).toMatchObject({ hopId: 'hop-2', kind: 'Response', issuer: TEST_DEFAULTS.issuer, assertionCount: 1 });
    expect(diagnosis.message?.assertion?.roleSessionName).toBe(TEST_DEFAULTS.roleSessionName);
    expect(diagnosis.message?.signatures.map((s) => s.outcome)).toEqual(['valid', 'valid']);
  });

  it('prefers the observed Connect page over a prediction about AWS that the flow disproved', async () => {
    const idp = await sharedTestIdp();
    const context = testContext({ metadata: await metadataFor(idp, { entityId: 'https://old.my.salesforce.com' }) });
    const flow = flowWithSamlPost(buildSalesforceResponse(idp), { thenHops: [federateHop({ page: errorPage('connect-not-onboarded') })] });
    const diagnosis = await diagnoseFlow(flow, context);
    expect(diagnosis.primary.id).toBe('connect-not-onboarded');
    expect(diagnosis.findings.map((f) => f.id)).toContain('aws-issuer-mismatch');
  });

  it('makes the case mismatch the verdict for a "not onboarded" page when the user list explains it', async () => {
    const idp = await sharedTestIdp();
    const context = testContext({ connectUsers: [{ username: TEST_DEFAULTS.roleSessionName.toUpperCase() }] });
    const flow = flowWithSamlPost(buildSalesforceResponse(idp), { thenHops: [federateHop({ page: errorPage('connect-not-onboarded') })] });
    const diagnosis = await diagnoseFlow(flow, context);
    expect(diagnosis.primary.id).toBe('connect-username-case-mismatch');
    expect(diagnosis.findings.map((f) => f.id)).not.toContain('connect-not-onboarded');
  });

  it('names a predicted cause instead of the generic invalid-response page', async () => {
    const idp = await sharedTestIdp();
    const roleMissing: Scenario = {
      id: 'aws-role-attribute-missing',
      rank: 30,
      detect: (analyzed) =>
        analyzed.hops.some((entry) => entry.saml?.message?.kind === 'Response' && entry.saml.message.assertions[0]?.aws.roleValues === undefined)
          ? [finding('aws-role-attribute-missing', 'error', 'predicted', 'hop-2')]
          : [],
    };
    const scenarios = [...SCENARIOS.filter((scenario) => scenario.id !== roleMissing.id), roleMissing];
    const xml = buildSalesforceResponse(idp, { omitAttributes: ['https://aws.amazon.com/SAML/Attributes/Role'] });
    const context = testContext();
    const analyzed = await analyzeFlow(flowWithSamlPost(xml, { page: errorPage('aws-invalid-saml-response') }), context);
    const diagnosis = diagnose(analyzed, context, scenarios);
    expect(diagnosis.primary.id).toBe('aws-role-attribute-missing');
    expect(diagnosis.findings[1]?.id).toBe('aws-invalid-saml-response');
  });

  it('turns predicted errors into warnings when the flow reached Connect, and then drops the all-clear', async () => {
    const inIam = await sharedTestIdp();
    const rotated = await createTestIdp();
    const diagnosis = await diagnoseFlow(flowWithSamlPost(buildSalesforceResponse(rotated)), testContext({ metadata: await metadataFor(inIam) }));
    expect(diagnosis.primary).toMatchObject({ id: 'aws-signature-invalid', severity: 'warning', basis: 'predicted' });
    expect(diagnosis.findings.map((f) => f.id)).not.toContain('sso-healthy');
  });

  it('reports a flow that stopped without any page as flow-timed-out', async () => {
    const flow = buildFlow({ hops: [idpLoginHop()], closeReason: 'timed-out' });
    const diagnosis = await diagnoseFlow(flow, testContext());
    expect(diagnosis.primary).toMatchObject({ id: 'flow-timed-out', severity: 'warning' });
    expect(diagnosis.message).toBeUndefined();
  });

  it('still gives a verdict when no scenario matched at all', async () => {
    const idp = await sharedTestIdp();
    const context = testContext();
    const analyzed = await analyzeFlow(flowWithSamlPost(buildSalesforceResponse(idp), { page: errorPage('aws-audience-missing') }), context);
    const diagnosis = diagnose(analyzed, context, []);
    expect(diagnosis.primary.id).toBe('flow-timed-out');
  });

  it('merges findings of the same id and keeps every distinct piece of evidence', async () => {
    const twice: Scenario = {
      id: 'aws-issuer-mismatch',
      rank: 21,
      detect: () => [finding('aws-issuer-mismatch', 'warning', 'predicted', 'hop-1'), finding('aws-issuer-mismatch', 'error', 'observed', 'hop-2')],
    };
    const context = testContext();
    const diagnosis = diagnose(await analyzeFlow(buildFlow({ hops: [idpLoginHop()] }), context), context, [twice]);
    expect(diagnosis.findings).toHaveLength(1);
    expect(diagnosis.primary).toMatchObject({ severity: 'error', basis: 'observed' });
    expect(diagnosis.primary.evidence.map((e) => e.hopId)).toEqual(['hop-2', 'hop-1']);
  });
});

describe('diagnoseFlow end to end', () => {
  function harEntry(method: string, url: string, startedDateTime: string, response: { status: number; html?: string; location?: string }, body?: string): unknown {
    return {
      startedDateTime,
      time: 120,
      request: {
        method,
        url,
        httpVersion: 'HTTP/1.1',
        headers: [],
        queryString: [],
        cookies: [],
        headersSize: -1,
        bodySize: body?.length ?? 0,
        ...(body === undefined ? {} : { postData: { mimeType: 'application/x-www-form-urlencoded', text: body } }),
      },
      response: {
        status: response.status,
        statusText: '',
        httpVersion: 'HTTP/1.1',
        headers: [{ name: 'Date', value: 'Mon, 02 Mar 2026 10:00:02 GMT' }, ...(response.location === undefined ? [] : [{ name: 'Location', value: response.location }])],
        cookies: [],
        content: { size: response.html?.length ?? 0, mimeType: 'text/html', ...(response.html === undefined ? {} : { text: response.html }) },
        redirectURL: response.location ?? '',
        headersSize: -1,
        bodySize: -1,
      },
      cache: {},
      timings: { send: 0, wait: 100, receive: 20 },
    };
  }

  it('diagnoses a HAR in which AWS rejected a response signed with a rotated certificate', async () => {
    const inIam = await sharedTestIdp();
    const rotated = await createTestIdp();
    const body = `SAMLResponse=${encodeURIComponent(encodePost(buildSalesforceResponse(rotated)))}&RelayState=${encodeURIComponent(TEST_DEFAULTS.federateUrl)}`;
    const page = '<html><head><title>Amazon Web Services Sign-In</title></head><body><p>Response signature invalid (Service: AWSSecurityTokenService; Status Code: 400; Error Code: InvalidIdentityToken; Request ID: 5c1d9e7a-0000-4000-8000-000000000001; Proxy: null). Please try again.</p></body></html>';
    const har = {
      log: {
        version: '1.2',
        creator: { name: 'test', version: '1' },
        entries: [
          harEntry('GET', `https://${TEST_DEFAULTS.myDomainHost}/idp/login?app=${TEST_DEFAULTS.connectedAppId}`, '2026-03-02T09:59:59.000Z', { status: 200, html: '<html><body><form method="POST" action="https://signin.aws.amazon.com/saml"></form></body></html>' }),
          harEntry('POST', TEST_DEFAULTS.samlEndpoint, '2026-03-02T10:00:01.000Z', { status: 200, html: page }, body),
        ],
      },
    };
    const { flows } = flowsFromHar(har);
    expect(flows).toHaveLength(1);
    const flow = flows[0];
    if (flow === undefined) throw new Error('no flow');
    const diagnosis = await diagnoseFlow(flow, testContext({ metadata: await metadataFor(inIam) }));
    expect(diagnosis.primary).toMatchObject({ id: 'aws-signature-invalid', basis: 'observed', severity: 'error' });
    const certificate = diagnosis.primary.evidence.find((item) => item.label.startsWith('Signing certificate'));
    expect(certificate?.observed).toContain(rotated.sha256Fingerprint);
    expect(diagnosis.message?.certificates[0]?.sha256Fingerprint).toBe(rotated.sha256Fingerprint);
  });

  it('gives a lone, healthy SAMLResponse value the predicted all-clear', async () => {
    const idp = await sharedTestIdp();
    const context = testContext({ metadata: await metadataFor(idp) });
    const diagnosis = await diagnoseFlow(flowFromSamlValue(encodePost(buildSalesforceResponse(idp)), context.now), context);
    expect(diagnosis.primary).toMatchObject({ id: 'sso-healthy', basis: 'predicted' });
  });
});

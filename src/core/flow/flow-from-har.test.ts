import fc from 'fast-check';
import type { Entry, Header, Response } from 'har-format';
import { describe, expect, it } from 'vitest';
import { flowFromSamlValue, flowsFromHar } from './flow-from-har.ts';

// ------------------------------------------------------------------------------------------------
// HAR builders (HAR 1.2 shapes; Chrome adds `_resourceType` and `response._error`)

const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const IDP = 'https://acme.my.salesforce.com/idp/login?app=0sp5f000000XyZa&RelayState=https%3A%2F%2Fus-east-1.console.aws.amazon.com%2Fconnect%2Ffederate%2Finst-1';
const SAML = 'https://signin.aws.amazon.com/saml';
const FEDERATE = 'https://us-east-1.console.aws.amazon.com/connect/federate/inst-1';
const CONNECT = 'https://acme-cc.my.connect.aws/connect/home';
/** Base64 with '+' and '/' so that percent-decoding mistakes show. */
const SAML_B64 = 'PHNhbWxwOlJlc3BvbnNlIElEPSJfYSI+/+8=';
const RELAY = 'https://us-east-1.console.aws.amazon.com/connect/federate/inst-1';

type ChromeResponse = Response & { _error?: string };
type TestEntry = Entry & { response: ChromeResponse; _error?: string };

interface EntryOptions {
  readonly at: number;
  readonly method?: string;
  readonly status?: number;
  readonly statusText?: string;
  readonly redirectURL?: string;
  readonly resourceType?: Entry['_resourceType'];
  readonly requestHeaders?: Header[];
  readonly responseHeaders?: Header[];
  readonly html?: string;
  readonly base64Html?: boolean;
  readonly mimeType?: string;
  readonly postText?: string;
  readonly postParams?: { name: string; value: string }[];
  readonly error?: string;
  readonly time?: number;
}

function entry(url: string, o: EntryOptions): TestEntry {
  const html = o.html;
  const built: TestEntry = {
    startedDateTime: new Date(T0 + o.at).toISOString(),
    time: o.time ?? 120,
    request: {
      method: o.method ?? 'GET',
      url,
      httpVersion: 'HTTP/2',
      cookies: [],
      headers: o.requestHeaders ?? [],
      queryString: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status: o.status ?? 200,
      statusText: o.statusText ?? '',
      httpVersion: 'HTTP/2',
      cookies: [],
      headers: o.responseHeaders ?? [],
      content: {
        size: html?.length ?? 0,
        mimeType: o.mimeType ?? (html === undefined ? 'x-unknown' : 'text/html'),
        ...(html === undefined ? {} : o.base64Html === true ? { text: btoa(html), encoding: 'base64' } : { text: html }),
      },
      redirectURL: o.redirectURL ?? '',
      headersSize: -1,
      bodySize: -1,
      ...(o.error === undefined ? {} : { _error: o.error }),
    },
    cache: {},
    timings: { send: 1, wait: 100, receive: 19 },
  };
  if (o.resourceType !== undefined) built._resourceType = o.resourceType;
  if (o.postText !== undefined) built.request.postData = { mimeType: 'application/x-www-form-urlencoded', text: o.postText };
  if (o.postParams !== undefined) built.request.postData = { mimeType: 'application/x-www-form-urlencoded', params: o.postParams };
  return built;
}

/** A HAR around the given entries; typed loosely because some tests pass deliberately broken entries. */
function har(entries: readonly unknown[]): unknown {
  return { log: { version: '1.2', creator: { name: 'test', version: '1' }, entries } };
}

const autoPostForm = `<html><head><title>Working...</title></head><body onload="document.forms[0].submit()">
<form method="post" action="${SAML}"><input type="hidden" name="SAMLResponse" value="${SAML_B64}"/><noscript><p>Note: JavaScript is off. Press Continue.</p></noscript><input type="submit" value="Continue"/></form></body></html>`;
const samlBody = `SAMLResponse=${encodeURIComponent(SAML_B64)}&RelayState=${encodeURIComponent(RELAY)}`;

/** A Chrome export of a successful flow, with unrelated entries around it. */
function chromeHappyPath(): unknown {
  return har([
    entry('https://acme.my.salesforce.com/static/app.js', { at: -500, resourceType: 'script', mimeType: 'application/javascript' }),
    entry(IDP, { at: 0, resourceType: 'document', html: autoPostForm, statusText: 'OK' }),
    entry('https://www.google-analytics.com/collect?v=1', { at: 200, resourceType: 'ping', method: 'POST', postText: 'v=1&t=pageview' }),
    entry(FEDERATE, { at: 900, resourceType: 'document', status: 302, redirectURL: CONNECT }),
    entry(SAML, {
      at: 600,
      method: 'POST',
      resourceType: 'document',
      status: 302,
      statusText: 'Found',
      postText: samlBody,
      redirectURL: FEDERATE,
      responseHeaders: [{ name: 'date', value: 'Mon, 02 Mar 2026 09:00:01 GMT' }],
    }),
    entry(CONNECT, { at: 1500, resourceType: 'document', html: '<html><title>Amazon Connect</title><body><h1>Dashboard</h1></body></html>' }),
    entry('https://acme-cc.my.connect.aws/connect/static/logo.png', { at: 1800, resourceType: 'image', mimeType: 'image/png' }),
    entry('https://acme-cc.my.connect.aws/connect/api/user', { at: 1900, resourceType: 'xhr', mimeType: 'application/json' }),
  ]);
}

describe('flowsFromHar on Chrome exports', () => {
  it('keeps only the SSO chain, ordered by start time, as one flow that reached Connect', () => {
    const { flows, problems } = flowsFromHar(chromeHappyPath());
    expect(problems).toEqual([]);
    expect(flows).toHaveLength(1);
    const flow = flows[0]!;
    expect(flow.hops.map((h) => [h.id, h.kind])).toEqual([
      ['har-entry-1', 'salesforce-idp'],
      ['har-entry-4', 'aws-saml'],
      ['har-entry-3', 'connect-federate'],
      ['har-entry-5', 'connect-app'],
    ]);
    expect(flow).toMatchObject({ id: 'har-flow-1', source: 'har', state: 'ended', closeReason: 'reached-connect', startedAt: '2026-03-02T09:00:00.000Z' });
  });

  it('reads method, status, redirect, server date, duration and resource type of the SAML POST', () => {
    const post = flowsFromHar(chromeHappyPath()).flows[0]!.hops[1]!;
    expect(post).toMatchObject({
      url: SAML,
      method: 'POST',
      startedAt: '2026-03-02T09:00:00.600Z',
      durationMs: 120,
      status: 302,
      statusText: 'Found',
      redirectTo: FEDERATE,
      serverDate: '2026-03-02T09:00:01.000Z',
      resourceType: 'document',
    });
  });

  it('decodes the POSTed SAMLResponse and RelayState once and drops the raw body', () => {
    const post = flowsFromHar(chromeHappyPath()).flows[0]!.hops[1]!;
    expect(post.saml).toEqual({ SAMLResponse: SAML_B64, RelayState: RELAY });
  });

  it('decodes Chrome-style params whose values are still percent-encoded', () => {
    const e = entry(SAML, { at: 0, method: 'POST', resourceType: 'document', status: 302, redirectURL: FEDERATE, postParams: [{ name: 'SAMLResponse', value: encodeURIComponent(SAML_B64) }, { name: 'RelayState', value: encodeURIComponent(RELAY) }] });
    expect(flowsFromHar(har([e])).flows[0]!.hops[0]!.saml).toEqual({ SAMLResponse: SAML_B64, RelayState: RELAY });
  });

  it('ends the flow with network-error when the Connect host does not resolve', () => {
    const { flows } = flowsFromHar(
      har([
        entry(SAML, { at: 0, method: 'POST', resourceType: 'document', status: 302, postText: samlBody, redirectURL: FEDERATE }),
        entry(FEDERATE, { at: 300, resourceType: 'document', status: 302, redirectURL: CONNECT }),
        entry(CONNECT, { at: 600, resourceType: 'document', status: 0, error: 'net::ERR_NAME_NOT_RESOLVED' }),
      ]),
    );
    expect(flows[0]?.closeReason).toBe('network-error');
    expect(flows[0]?.hops.at(-1)).toMatchObject({ kind: 'connect-app', networkError: 'net::ERR_NAME_NOT_RESOLVED' });
    expect(flows[0]?.hops.at(-1)).not.toHaveProperty('status');
  });

  it('reads the AWS error page from the POST response and ends the flow with error-page', () => {
    const page = '<html><head><title>Amazon Web Services Sign-In</title><script>var x = "Select a role";</script></head><body><div id="error"><p>Response signature invalid (Service: AWSSecurityTokenService; Status Code: 400; Error Code: InvalidIdentityToken; Request ID: 6f1b2c3d-aaaa-bbbb-cccc-1234567890ab; Proxy: null). Please try again.</p></div></body></html>';
    const { flows } = flowsFromHar(har([entry(IDP, { at: 0, resourceType: 'document', html: autoPostForm }), entry(SAML, { at: 400, method: 'POST', resourceType: 'document', postText: samlBody, html: page })]));
    expect(flows[0]?.closeReason).toBe('error-page');
    expect(flows[0]?.hops[1]?.page).toMatchObject({ classification: 'aws-signature-invalid', title: 'Amazon Web Services Sign-In' });
    expect(flows[0]?.hops[1]?.page?.serviceErrors?.[0]?.requestId).toBe('6f1b2c3d-aaaa-bbbb-cccc-1234567890ab');
  });

  it('reads a page whose content the HAR stored as base64', () => {
    const page = '<html><body><h2>Insufficient Privileges</h2><p>You do not have the level of access necessary to perform the operation you requested.</p></body></html>';
    const { flows } = flowsFromHar(har([entry(IDP, { at: 0, resourceType: 'document', html: page, base64Html: true })]));
    expect(flows[0]?.hops[0]?.page?.classification).toBe('sf-insufficient-privileges');
    expect(flows[0]?.closeReason).toBe('error-page');
  });

  it('does not classify the auto-submit form page as an error', () => {
    const { flows } = flowsFromHar(har([entry(IDP, { at: 0, resourceType: 'document', html: autoPostForm })]));
    expect(flows[0]?.hops[0]).not.toHaveProperty('page');
    expect(flows[0]?.closeReason).toBe('input-ended');
  });

  it('keeps one flow through the Salesforce login page and the return to /idp/login', () => {
    const login = 'https://acme.my.salesforce.com/?ec=302&startURL=%2Fidp%2Flogin%3Fapp%3D0sp5f000000XyZa';
    const { flows } = flowsFromHar(
      har([
        entry(IDP, { at: 0, resourceType: 'document', status: 302, redirectURL: login }),
        entry(login, { at: 200, resourceType: 'document', html: '<html><body><form><input name="pw"></form></body></html>' }),
        entry('https://acme.my.salesforce.com/', { at: 4 * 60_000, method: 'POST', resourceType: 'document', status: 302, redirectURL: IDP, postText: 'un=a&pw=b' }),
        entry(IDP, { at: 4 * 60_000 + 300, resourceType: 'document', html: autoPostForm }),
        entry(SAML, { at: 4 * 60_000 + 700, method: 'POST', resourceType: 'document', status: 302, redirectURL: FEDERATE, postText: samlBody }),
      ]),
    );
    expect(flows).toHaveLength(1);
    expect(flows[0]?.hops.map((h) => h.kind)).toEqual(['salesforce-idp', 'salesforce-login', 'salesforce-other', 'salesforce-idp', 'aws-saml']);
  });

  it('starts a new flow for each retry of the Telephony Provider Settings link', () => {
    const denied = '<html><head><title>Insufficient Privileges</title></head><body>Insufficient Privileges</body></html>';
    const { flows } = flowsFromHar(har([entry(IDP, { at: 0, resourceType: 'document', html: denied }), entry(IDP, { at: 30_000, resourceType: 'document', html: denied })]));
    expect(flows.map((f) => [f.id, f.hops.map((h) => h.id)])).toEqual([
      ['har-flow-1', ['har-entry-0']],
      ['har-flow-2', ['har-entry-1']],
    ]);
  });

  it('starts a flow at a SAML POST when the recording began after Salesforce', () => {
    const { flows } = flowsFromHar(har([entry(SAML, { at: 0, method: 'POST', resourceType: 'document', status: 302, redirectURL: FEDERATE, postText: samlBody })]));
    expect(flows).toHaveLength(1);
    expect(flows[0]?.hops[0]?.kind).toBe('aws-saml');
  });

  it('splits two SAML POSTs that are far apart into two flows', () => {
    const { flows } = flowsFromHar(
      har([
        entry(SAML, { at: 0, method: 'POST', resourceType: 'document', status: 302, redirectURL: FEDERATE, postText: samlBody }),
        entry(SAML, { at: 20 * 60_000, method: 'POST', resourceType: 'document', status: 302, redirectURL: FEDERATE, postText: samlBody }),
      ]),
    );
    expect(flows).toHaveLength(2);
  });

  it('continues through the role-selection page to the second POST', () => {
    const chooser = '<html><body><form id="saml_form"><p>Select a role:</p><div class="saml-account-name">Account: acme (123456789012)</div></form></body></html>';
    const { flows } = flowsFromHar(
      har([
        entry(SAML, { at: 0, method: 'POST', resourceType: 'document', postText: samlBody, html: chooser }),
        entry(SAML, { at: 5_000, method: 'POST', resourceType: 'document', status: 302, redirectURL: FEDERATE, postText: `roleIndex=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Facme&${samlBody}` }),
        entry(FEDERATE, { at: 5_400, resourceType: 'document', status: 302, redirectURL: CONNECT }),
        entry(CONNECT, { at: 6_000, resourceType: 'document', html: '<p>Home</p>' }),
      ]),
    );
    expect(flows).toHaveLength(1);
    expect(flows[0]?.hops[0]?.page?.classification).toBe('aws-role-selection');
    expect(flows[0]?.closeReason).toBe('reached-connect');
  });

  it('opens a flow for a Connect error page seen without any SSO before it', () => {
    const { flows } = flowsFromHar(har([entry(CONNECT, { at: 0, resourceType: 'document', html: '<html><body><h1>Session Expired</h1></body></html>' })]));
    expect(flows[0]?.hops[0]?.page?.classification).toBe('connect-session-expired');
    expect(flows[0]?.closeReason).toBe('error-page');
  });

  it('keeps the query of a redirect-binding SAMLRequest for signature checks', () => {
    const url = 'https://acme.my.salesforce.com/idp/endpoint/HttpRedirect?SAMLRequest=fZFNb%2BIwEIb%2FSuR7&RelayState=abc&SigAlg=http%3A%2F%2Fwww.w3.org%2F2001%2F04%2Fxmldsig-more%23rsa-sha256&Signature=c2ln';
    const hop = flowsFromHar(har([entry(url, { at: 0, resourceType: 'document', status: 302, redirectURL: IDP })])).flows[0]?.hops[0];
    expect(hop?.saml).toMatchObject({ SAMLRequest: 'fZFNb+IwEIb/SuR7', RelayState: 'abc', rawQuery: url.slice(url.indexOf('?') + 1) });
  });

  it('gives the same ids and hops when the same HAR is read twice', () => {
    expect(flowsFromHar(chromeHappyPath())).toEqual(flowsFromHar(chromeHappyPath()));
  });
});

describe('flowsFromHar on Firefox exports', () => {
  const nav: Header[] = [{ name: 'Accept', value: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' }];
  const xhr: Header[] = [{ name: 'Accept', value: 'application/json' }];

  it('finds navigations by their Accept header and resolves a relative Location', () => {
    const { flows } = flowsFromHar(
      har([
        entry(IDP, { at: 0, requestHeaders: nav, html: autoPostForm }),
        // Firefox decodes params: the '+' in the base64 value is a real '+'.
        entry(SAML, { at: 300, method: 'POST', requestHeaders: nav, status: 302, postParams: [{ name: 'SAMLResponse', value: SAML_B64 }, { name: 'RelayState', value: RELAY }], responseHeaders: [{ name: 'Location', value: FEDERATE }] }),
        entry(FEDERATE, { at: 600, requestHeaders: nav, status: 302, responseHeaders: [{ name: 'Location', value: '/connect/federate/inst-1/next' }] }),
        entry('https://us-east-1.console.aws.amazon.com/connect/federate/inst-1/next', { at: 700, requestHeaders: xhr, mimeType: 'application/json' }),
        entry(CONNECT, { at: 900, requestHeaders: nav, html: '<p>Home</p>' }),
        entry('https://acme-cc.my.connect.aws/connect/api/user', { at: 950, requestHeaders: xhr, mimeType: 'application/json' }),
      ]),
    );
    expect(flows).toHaveLength(1);
    expect(flows[0]?.hops.map((h) => h.kind)).toEqual(['salesforce-idp', 'aws-saml', 'connect-federate', 'connect-app']);
    expect(flows[0]?.hops[1]?.saml).toEqual({ SAMLResponse: SAML_B64, RelayState: RELAY });
    expect(flows[0]?.hops[2]?.redirectTo).toBe('https://us-east-1.console.aws.amazon.com/connect/federate/inst-1/next');
    expect(flows[0]?.hops[0]).not.toHaveProperty('resourceType');
  });

  it('reports a status-0 row without error text as a network error at the end of a flow', () => {
    const { flows } = flowsFromHar(
      har([
        entry(SAML, { at: 0, method: 'POST', requestHeaders: nav, status: 302, postText: samlBody, responseHeaders: [{ name: 'Location', value: CONNECT }] }),
        entry(CONNECT, { at: 200, requestHeaders: nav, status: 0 }),
      ]),
    );
    expect(flows[0]?.closeReason).toBe('network-error');
    expect(flows[0]?.hops[1]?.networkError).toMatch(/no response/);
  });
});

describe('flowsFromHar on malformed input', () => {
  it.each<[string, unknown, RegExp]>([
    ['a string', 'not a har', /not a JSON object/],
    ['null', null, /not a JSON object \(got null\)/],
    ['an array', [1, 2], /not a JSON object \(got an array\)/],
    ['a number', 42, /got a number/],
    ['an object without log', { entries: [] }, /no "log" object/],
    ['a log without entries', { log: { version: '1.2' } }, /"log.entries" is not an array \(got a undefined\)/],
    ['entries of the wrong type', { log: { entries: { 0: {} } } }, /"log.entries" is not an array \(got an object\)/],
  ])('returns a har-invalid error, not an exception, for %s', (_name, input, reason) => {
    const { flows, problems } = flowsFromHar(input);
    expect(flows).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'har-invalid', severity: 'error' });
    expect(problems[0]?.message).toMatch(reason);
  });

  it('skips entries of the wrong shape with a precise warning and still reads the good ones', () => {
    const good = entry(SAML, { at: 0, method: 'POST', resourceType: 'document', status: 302, postText: samlBody, redirectURL: FEDERATE });
    const badDate = { ...entry(SAML, { at: 0, method: 'POST', resourceType: 'document', postText: samlBody }), startedDateTime: 'yesterday' };
    const { flows, problems } = flowsFromHar(har([7, null, { request: 'GET /' }, { request: { url: 12 } }, badDate, good]));
    expect(flows).toHaveLength(1);
    expect(flows[0]?.hops[0]?.id).toBe('har-entry-5');
    expect(problems.map((p) => [p.code, p.message])).toEqual([
      ['har-entry-invalid', 'HAR entry 0 is a number, not an object.'],
      ['har-entry-invalid', 'HAR entry 1 is null, not an object.'],
      ['har-entry-invalid', 'HAR entry 2 has no "request" object.'],
      ['har-entry-invalid', 'HAR entry 3 has no "request.url" string.'],
      ['har-entry-invalid', 'HAR entry 4 has no valid "startedDateTime" (got the string "yesterday").'],
    ]);
  });

  it('tolerates missing response, headers, content and timings on a chain entry', () => {
    const bare = { startedDateTime: new Date(T0).toISOString(), request: { url: IDP, method: 'GET' } };
    const { flows, problems } = flowsFromHar(har([bare]));
    expect(problems).toEqual([]);
    expect(flows[0]?.hops[0]).toEqual({ id: 'har-entry-0', kind: 'salesforce-idp', url: IDP, method: 'GET', startedAt: '2026-03-02T09:00:00.000Z', networkError: 'no response (HAR status 0)' });
  });

  it('does not read a huge request body and says so', () => {
    const huge = `SAMLResponse=${'A'.repeat(5 * 1024 * 1024)}`;
    const { flows, problems } = flowsFromHar(har([entry(SAML, { at: 0, method: 'POST', resourceType: 'document', status: 302, postText: huge })]));
    expect(problems.map((p) => p.code)).toEqual(['har-postdata-too-large']);
    expect(problems[0]?.message).toMatch(/HAR entry 0 has a 5242893-character request body/);
    expect(flows[0]?.hops[0]).not.toHaveProperty('saml');
  });

  it('reports page content marked base64 that is not base64', () => {
    const bad = entry(IDP, { at: 0, resourceType: 'document', html: 'x' });
    bad.response.content = { size: 4, mimeType: 'text/html', text: '@@@@', encoding: 'base64' };
    const { flows, problems } = flowsFromHar(har([bad]));
    expect(problems.map((p) => p.code)).toEqual(['har-content-undecodable']);
    expect(flows).toHaveLength(1);
  });

  it('caps per-entry warnings and summarises the rest', () => {
    const { problems } = flowsFromHar(har(Array.from({ length: 100 }, () => 'junk')));
    expect(problems.filter((p) => p.code === 'har-entry-invalid' && p.severity === 'warning')).toHaveLength(20);
    const summary = problems.find((p) => p.severity === 'info');
    expect(summary?.code).toBe('har-entry-invalid');
    expect(summary?.message).toMatch(/^80 more HAR entries/);
  });

  it('warns when a valid HAR holds no SSO flow', () => {
    const { flows, problems } = flowsFromHar(har([entry('https://www.example.com/', { at: 0, resourceType: 'document', html: '<p>hi</p>' })]));
    expect(flows).toEqual([]);
    expect(problems.map((p) => [p.code, p.severity])).toEqual([['har-no-sso-flow', 'warning']]);
  });

  it('never throws, whatever JSON it is given', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        flowsFromHar(value);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on HAR-shaped objects with arbitrary entries', () => {
    const anyEntry = fc.record(
      {
        startedDateTime: fc.oneof(fc.constant(new Date(T0).toISOString()), fc.string()),
        time: fc.oneof(fc.double(), fc.string()),
        request: fc.oneof(fc.record({ url: fc.constantFrom(IDP, SAML, FEDERATE, CONNECT, 'x'), method: fc.constantFrom('GET', 'POST', 3), postData: fc.anything() }), fc.anything()),
        response: fc.oneof(fc.record({ status: fc.anything(), headers: fc.anything(), content: fc.anything(), redirectURL: fc.anything() }), fc.anything()),
        _resourceType: fc.anything(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.array(anyEntry, { maxLength: 12 }), (entries) => {
        flowsFromHar({ log: { entries } });
      }),
      { numRuns: 300 },
    );
  });
});

describe('flowFromSamlValue', () => {
  const NOW = '2026-03-02T10:00:00.000Z';

  it('wraps a bare SAMLResponse in one synthetic AWS sign-in POST', () => {
    expect(flowFromSamlValue(SAML_B64, NOW)).toEqual({
      id: 'message-flow-1',
      source: 'message',
      startedAt: NOW,
      state: 'ended',
      closeReason: 'input-ended',
      hops: [{ id: 'message-hop-0', kind: 'aws-saml', url: SAML, method: 'POST', startedAt: NOW, saml: { SAMLResponse: SAML_B64 } }],
    });
  });

  it('passes XML through unchanged for the decoder', () => {
    const xml = '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>';
    expect(flowFromSamlValue(xml, NOW).hops[0]?.saml).toEqual({ SAMLResponse: xml });
  });

  it('splits a pasted form body into SAMLResponse and RelayState', () => {
    expect(flowFromSamlValue(samlBody, NOW).hops[0]?.saml).toEqual({ SAMLResponse: SAML_B64, RelayState: RELAY });
  });
});

import { describe, expect, it } from 'vitest';
import type { Diagnosis } from '../diagnosis/diagnosis.ts';
import {
  applyCaptureEvent,
  DEFAULT_CAPTURE_LIMITS,
  EMPTY_CAPTURE_STATE,
  type BeforeRedirectEvent,
  type BeforeRequestEvent,
  type CaptureEvent,
  type CaptureLimits,
  type CaptureState,
  type CompletedEvent,
  type ErrorOccurredEvent,
  type PageReadingEvent,
} from './apply-capture-event.ts';

const T0 = Date.parse('2026-03-02T10:00:00Z');
const IDP = 'https://acme.my.salesforce.com/idp/login?app=0spXX0000000001&RelayState=https%3A%2F%2Fus-east-1.console.aws.amazon.com%2Fconnect%2Ffederate%2Fabc';
const LOGIN = 'https://acme.my.salesforce.com/?startURL=%2Fidp%2Flogin%3Fapp%3D0spXX0000000001';
const ACS = 'https://signin.aws.amazon.com/saml';
const FEDERATE = 'https://us-east-1.console.aws.amazon.com/connect/federate/11111111-2222-3333-4444-555555555555';
const CONNECT = 'https://acme.my.connect.aws/ccp-v2';
const SAML_RESPONSE = 'PHNhbWxwOlJlc3BvbnNlIHhtbG5zOnNhbWxwPSJ1cm46b2FzaXM6bmFtZXM6dGM6U0FNTDoyLjA6cHJvdG9jb2wiLz4=';

function request(overrides: Partial<BeforeRequestEvent> = {}): BeforeRequestEvent {
  return { kind: 'before-request', requestId: '1', url: IDP, method: 'GET', tabId: 7, frameId: 0, parentFrameId: -1, type: 'main_frame', timeStamp: T0, ...overrides };
}

function redirect(overrides: Partial<BeforeRedirectEvent> = {}): BeforeRedirectEvent {
  return { kind: 'before-redirect', requestId: '1', url: ACS, tabId: 7, frameId: 0, timeStamp: T0 + 100, statusCode: 302, redirectUrl: FEDERATE, ...overrides };
}

function completed(overrides: Partial<CompletedEvent> = {}): CompletedEvent {
  return { kind: 'completed', requestId: '1', url: IDP, tabId: 7, frameId: 0, timeStamp: T0 + 200, statusCode: 200, ...overrides };
}

function failed(overrides: Partial<ErrorOccurredEvent> = {}): ErrorOccurredEvent {
  return { kind: 'error-occurred', requestId: '1', url: CONNECT, tabId: 7, frameId: 0, timeStamp: T0 + 300, error: 'net::ERR_NAME_NOT_RESOLVED', ...overrides };
}

function reading(overrides: Partial<PageReadingEvent> = {}): PageReadingEvent {
  return {
    kind: 'page-reading',
    tabId: 7,
    frameId: 0,
    url: IDP,
    reading: { classification: 'sf-insufficient-privileges', title: 'Insufficient Privileges', excerpt: 'You do not have the level of access necessary.' },
    ...overrides,
  };
}

function samlPost(overrides: Partial<BeforeRequestEvent> = {}): BeforeRequestEvent {
  return request({ requestId: '2', url: ACS, method: 'POST', timeStamp: T0 + 50, body: { formData: { SAMLResponse: [SAML_RESPONSE], RelayState: ['relay'] } }, ...overrides });
}

/** Applies events in order, each at its own time stamp (or `now` for readings and ticks). */
function run(events: readonly CaptureEvent[], limits: CaptureLimits = DEFAULT_CAPTURE_LIMITS, start: CaptureState = EMPTY_CAPTURE_STATE) {
  let state = start;
  const effects = [];
  for (const event of events) {
    const now = 'timeStamp' in event ? event.timeStamp : T0 + 500;
    const result = applyCaptureEvent(state, event, now, limits);
    state = result.state;
    effects.push(...result.effects);
  }
  return { state, effects };
}

/** The happy path of a guided run: idp/login → form POST → 302 federate → 302 Connect → 200. */
function healthyChain(): CaptureEvent[] {
  return [
    request(),
    completed(),
    samlPost(),
    redirect({ requestId: '2', url: ACS, redirectUrl: FEDERATE, timeStamp: T0 + 60, dateHeader: 'Mon, 02 Mar 2026 10:00:01 GMT', statusLine: 'HTTP/1.1 302 Found' }),
    request({ requestId: '2', url: FEDERATE, timeStamp: T0 + 61 }),
    redirect({ requestId: '2', url: FEDERATE, redirectUrl: CONNECT, timeStamp: T0 + 70 }),
    request({ requestId: '2', url: CONNECT, timeStamp: T0 + 71 }),
    completed({ requestId: '2', url: CONNECT, timeStamp: T0 + 90 }),
  ];
}

describe('applyCaptureEvent: which requests belong to the SSO chain', () => {
  it('starts a flow at a Salesforce idp/login navigation', () => {
    const { state } = run([request()]);
    expect(state.flows).toHaveLength(1);
    expect(state.flows[0]?.flow.hops[0]).toMatchObject({ kind: 'salesforce-idp', url: IDP, method: 'GET', resourceType: 'main_frame' });
    expect(state.flows[0]?.flow.state).toBe('running');
  });

  it('starts a flow at the Salesforce login page that leads to idp/login', () => {
    const { state } = run([request({ url: LOGIN })]);
    expect(state.flows[0]?.flow.hops[0]?.kind).toBe('salesforce-login');
  });

  it('ignores navigations outside the chain and leaves the state object untouched', () => {
    const result = applyCaptureEvent(EMPTY_CAPTURE_STATE, request({ url: 'https://example.org/' }), T0);
    expect(result.state).toBe(EMPTY_CAPTURE_STATE);
  });

  it('ignores other Salesforce pages when no flow runs in the frame', () => {
    const { state } = run([request({ url: 'https://acme.lightning.force.com/lightning/page/home' })]);
    expect(state.flows).toHaveLength(0);
  });

  it('ignores an idp/login fetched as a sub-resource rather than navigated to', () => {
    const { state } = run([request({ type: 'xmlhttprequest' })]);
    expect(state.flows).toHaveLength(0);
  });

  it('starts a flow at a SAML POST to AWS when the IdP was not observed (third-party IdP)', () => {
    const { state } = run([samlPost({ requestId: '9' })]);
    expect(state.flows).toHaveLength(1);
    expect(state.flows[0]?.flow.hops[0]?.kind).toBe('aws-saml');
  });

  it('takes a SAML POST to AWS issued as a non-document request', () => {
    const { state } = run([samlPost({ type: 'xmlhttprequest' })]);
    expect(state.flows[0]?.flow.hops[0]?.saml?.SAMLResponse).toBe(SAML_RESPONSE);
  });

  it('does not start a flow at a Connect page nobody federated into', () => {
    const { state } = run([request({ url: CONNECT })]);
    expect(state.flows).toHaveLength(0);
  });

  it('marks a flow that runs in a sub frame as a background flow', () => {
    const { state } = run([request({ type: 'sub_frame', frameId: 3, parentFrameId: 0 })]);
    expect(state.flows[0]?.flow.background).toBe(true);
  });
});

describe('applyCaptureEvent: the SAML POST', () => {
  it('asks for an early diagnosis as soon as a running flow carries a SAML value', () => {
    const { state, effects } = run([request(), samlPost()]);
    expect(effects).toContainEqual({ kind: 'diagnose-preliminary', flowId: state.flows[0]?.flow.id });
  });

  it('stores an early diagnosis only while the flow runs, and never as the final one', () => {
    const early = { flowId: 'x', primary: { id: 'aws-role-attribute-missing' } } as unknown as Diagnosis; // -- reason: only identity matters here
    const started = run([request(), samlPost()]);
    const flowId = started.state.flows[0]?.flow.id ?? '';
    const stored = run([{ kind: 'diagnosed', flowId, preliminary: true, diagnosis: early }], DEFAULT_CAPTURE_LIMITS, started.state);
    expect(stored.state.flows[0]?.preliminaryDiagnosis).toBe(early);
    expect(stored.state.flows[0]?.diagnosis).toBeUndefined();
    const closed = run(healthyChain().slice(3), DEFAULT_CAPTURE_LIMITS, stored.state);
    expect(closed.state.flows[0]?.flow.state).toBe('ended');
    const again = { ...early, flowId: 'y' } as Diagnosis;
    const late = run([{ kind: 'diagnosed', flowId, preliminary: true, diagnosis: again }], DEFAULT_CAPTURE_LIMITS, closed.state);
    expect(late.state.flows[0]?.preliminaryDiagnosis).toBe(early);
  });

  it('drops a captured SAML value over the size cap and keeps only its size', () => {
    const { state } = run([request(), samlPost({ body: { formData: { SAMLResponse: ['A'.repeat(2000)] } } })], { ...DEFAULT_CAPTURE_LIMITS, maxSamlValueChars: 1000 });
    expect(state.flows[0]?.flow.hops[1]?.saml).toEqual({ SAMLResponse: '', oversized: { parameter: 'SAMLResponse', length: 2000 } });
  });

  it('reads SAMLResponse and RelayState from parsed form data', () => {
    const { state } = run([request(), samlPost()]);
    expect(state.flows[0]?.flow.hops[1]?.saml).toEqual({ SAMLResponse: SAML_RESPONSE, RelayState: 'relay' });
  });

  it('decodes a body the browser only gave as raw bytes', () => {
    const body = `SAMLResponse=${encodeURIComponent(SAML_RESPONSE)}&RelayState=a+b%2Fc`;
    const bytes = new TextEncoder().encode(body);
    const { state } = run([request(), samlPost({ body: { raw: [bytes.subarray(0, 10), bytes.subarray(10)] } })]);
    expect(state.flows[0]?.flow.hops[1]?.saml).toEqual({ SAMLResponse: SAML_RESPONSE, RelayState: 'a b/c' });
  });

  it('stops decoding raw bytes at the configured cap', () => {
    const bytes = new TextEncoder().encode(`SAMLResponse=${'A'.repeat(1000)}`);
    const { state } = run([samlPost({ body: { raw: [bytes] } })], { ...DEFAULT_CAPTURE_LIMITS, maxRawBodyBytes: 113 });
    expect(state.flows[0]?.flow.hops[0]?.saml?.SAMLResponse).toHaveLength(100);
  });

  it('leaves saml unset for a raw body that is not a SAML form', () => {
    const { state } = run([samlPost({ body: { raw: [new TextEncoder().encode('{"json":true}')] } })]);
    expect(state.flows[0]?.flow.hops[0]?.saml).toBeUndefined();
  });

  it('reads a redirect-binding SAMLRequest from the query when there is no body', () => {
    const url = 'https://acme.my.salesforce.com/idp/endpoint/HttpRedirect?SAMLRequest=fZJBT8MwDIXv&RelayState=x';
    const { state } = run([request({ url })]);
    expect(state.flows[0]?.flow.hops[0]?.saml).toMatchObject({ SAMLRequest: 'fZJBT8MwDIXv', RelayState: 'x' });
  });

  it('leaves saml unset on an idp/login that carries no SAML message', () => {
    const { state } = run([request({ url: 'https://acme.my.salesforce.com/idp/login?app=0sp1' })]);
    expect(state.flows[0]?.flow.hops[0]?.saml).toBeUndefined();
  });
});

describe('applyCaptureEvent: grouping hops into flows', () => {
  it('follows one redirect chain by its request id, numbering its hops', () => {
    const { state } = run(healthyChain());
    expect(state.flows).toHaveLength(1);
    expect(state.flows[0]?.flow.hops.map((h) => [h.id, h.kind])).toEqual([
      ['1:0', 'salesforce-idp'],
      ['2:0', 'aws-saml'],
      ['2:1', 'connect-federate'],
      ['2:2', 'connect-app'],
    ]);
  });

  it('records status, reason phrase, redirect target and the server Date of a redirect', () => {
    const { state } = run(healthyChain());
    expect(state.flows[0]?.flow.hops[1]).toMatchObject({
      status: 302,
      statusText: 'Found',
      redirectTo: FEDERATE,
      serverDate: '2026-03-02T10:00:01.000Z',
      durationMs: 10,
    });
  });

  it('ignores a Date header that is not a date', () => {
    const { state } = run([request(), completed({ dateHeader: 'soon' })]);
    expect(state.flows[0]?.flow.hops[0]?.serverDate).toBeUndefined();
    expect(state.flows[0]?.flow.hops[0]?.status).toBe(200);
  });

  it('keeps flows of different tabs apart', () => {
    const { state } = run([request(), request({ requestId: '5', tabId: 8 }), samlPost({ tabId: 8, requestId: '6' })]);
    expect(state.flows.map((f) => [f.flow.tabId, f.flow.hops.length])).toEqual([
      [7, 1],
      [8, 2],
    ]);
  });

  it('keeps flows of different frames of one tab apart', () => {
    const { state } = run([request({ type: 'sub_frame', frameId: 4 }), request({ requestId: '3', frameId: 0 }), samlPost({ frameId: 4, type: 'sub_frame' })]);
    expect(state.flows.map((f) => [f.frameId, f.flow.hops.length])).toEqual([
      [4, 2],
      [0, 1],
    ]);
  });

  it('continues a flow through the Salesforce login page back to idp/login', () => {
    const { state } = run([request({ url: LOGIN }), request({ requestId: '3', url: IDP, timeStamp: T0 + 10 })]);
    expect(state.flows).toHaveLength(1);
    expect(state.flows[0]?.flow.hops).toHaveLength(2);
  });

  it('supersedes a flow that had left Salesforce when a new idp/login starts in the frame', () => {
    const { state, effects } = run([request(), samlPost(), request({ requestId: '3', timeStamp: T0 + 1000 })]);
    expect(state.flows.map((f) => [f.flow.state, f.flow.closeReason])).toEqual([
      ['ended', 'superseded'],
      ['running', undefined],
    ]);
    expect(effects).toContainEqual({ kind: 'diagnose', flowId: state.flows[0]?.flow.id, closedAt: T0 + 1000 });
  });

  it('gives flows distinct ids', () => {
    const { state } = run([request(), samlPost(), request({ requestId: '3', timeStamp: T0 + 1000 })]);
    expect(new Set(state.flows.map((f) => f.flow.id)).size).toBe(2);
  });
});

describe('applyCaptureEvent: closing flows', () => {
  it('closes a flow when the Connect page completed', () => {
    const { state, effects } = run(healthyChain());
    expect(state.flows[0]?.flow).toMatchObject({ state: 'ended', closeReason: 'reached-connect' });
    expect(effects).toContainEqual({ kind: 'diagnose', flowId: state.flows[0]?.flow.id, closedAt: T0 + 90 });
  });

  it('keeps a flow open when the Connect page answered with an error status', () => {
    const events = healthyChain().slice(0, -1);
    const { state } = run([...events, completed({ requestId: '2', url: CONNECT, statusCode: 500, timeStamp: T0 + 90 })]);
    expect(state.flows[0]?.flow.state).toBe('running');
  });

  it('closes a flow on an error page reading and attaches the reading to the hop it came from', () => {
    const { state } = run([request(), completed(), reading()]);
    expect(state.flows[0]?.flow).toMatchObject({ state: 'ended', closeReason: 'error-page' });
    expect(state.flows[0]?.flow.hops[0]?.page?.classification).toBe('sf-insufficient-privileges');
  });

  it('attaches a reading to the latest hop when no hop has the page URL', () => {
    const { state } = run([request(), samlPost(), reading({ url: 'https://signin.aws.amazon.com/saml?x#y', reading: { classification: 'aws-signature-invalid', excerpt: 'Response signature invalid' } })]);
    expect(state.flows[0]?.flow.hops[1]?.page?.classification).toBe('aws-signature-invalid');
  });

  it('keeps a flow open on the AWS role-selection page, which is not an error', () => {
    const { state } = run([request(), samlPost(), reading({ url: ACS, reading: { classification: 'aws-role-selection', excerpt: 'Select a role' } })]);
    expect(state.flows[0]?.flow.state).toBe('running');
    expect(state.flows[0]?.flow.hops[1]?.page?.classification).toBe('aws-role-selection');
  });

  it('ignores an error page in a frame where no flow runs', () => {
    const { state } = run([request(), reading({ frameId: 2 })]);
    expect(state.flows[0]?.flow.state).toBe('running');
  });

  it('turns a flow that reached Connect into an error-page flow when Connect then shows an error', () => {
    const late = reading({ url: CONNECT, reading: { classification: 'connect-session-expired', excerpt: 'Session expired' } });
    const { state, effects } = run([...healthyChain(), late]);
    expect(state.flows[0]?.flow.closeReason).toBe('error-page');
    expect(state.flows[0]?.flow.hops[3]?.page?.classification).toBe('connect-session-expired');
    expect(effects.filter((e) => e.kind === 'diagnose')).toHaveLength(2);
  });

  it('does not reopen a flow for a reading that arrives after the grace period', () => {
    const chain = run(healthyChain()).state;
    const late = applyCaptureEvent(chain, reading({ url: CONNECT }), T0 + 90 + DEFAULT_CAPTURE_LIMITS.lateReadingMs + 1);
    expect(late.state).toBe(chain);
  });

  it('closes a flow on a network error', () => {
    const { state } = run([...healthyChain().slice(0, -1), failed({ requestId: '2' })]);
    expect(state.flows[0]?.flow).toMatchObject({ state: 'ended', closeReason: 'network-error' });
    expect(state.flows[0]?.flow.hops[3]?.networkError).toBe('net::ERR_NAME_NOT_RESOLVED');
  });

  it('records an aborted navigation without closing the flow', () => {
    const { state } = run([request(), failed({ requestId: '1', error: 'net::ERR_ABORTED' })]);
    expect(state.flows[0]?.flow.state).toBe('running');
    expect(state.flows[0]?.flow.hops[0]?.networkError).toBe('net::ERR_ABORTED');
  });

  it('closes a flow that made no progress for the timeout, on the next tick', () => {
    const started = run([request()]).state;
    const early = applyCaptureEvent(started, { kind: 'tick' }, T0 + DEFAULT_CAPTURE_LIMITS.timeoutMs - 1);
    expect(early.state).toBe(started);
    expect(early.effects).toEqual([{ kind: 'check-timeouts-at', at: T0 + DEFAULT_CAPTURE_LIMITS.timeoutMs }]);
    const late = applyCaptureEvent(started, { kind: 'tick' }, T0 + DEFAULT_CAPTURE_LIMITS.timeoutMs);
    expect(late.state.flows[0]?.flow).toMatchObject({ state: 'ended', closeReason: 'timed-out' });
    expect(late.effects).toEqual([{ kind: 'diagnose', flowId: started.flows[0]?.flow.id, closedAt: T0 + DEFAULT_CAPTURE_LIMITS.timeoutMs }]);
  });

  it('closes stalled flows on any event, not only ticks', () => {
    const limits = { ...DEFAULT_CAPTURE_LIMITS, timeoutMs: 1000 };
    const { state } = run([request(), request({ tabId: 9, requestId: '4', timeStamp: T0 + 5000 })], limits);
    expect(state.flows.map((f) => f.flow.state)).toEqual(['ended', 'running']);
    expect(state.flows[0]?.flow.closeReason).toBe('timed-out');
  });

  it('counts progress from the latest event that touched the flow', () => {
    const limits = { ...DEFAULT_CAPTURE_LIMITS, timeoutMs: 1000 };
    const { state } = run([request(), completed({ timeStamp: T0 + 900 })], limits);
    const tick = applyCaptureEvent(state, { kind: 'tick' }, T0 + 1500, limits);
    expect(tick.state.flows[0]?.flow.state).toBe('running');
  });

  it('does not add hops to a closed flow', () => {
    const { state } = run([request(), reading(), request({ requestId: '1', url: 'https://acme.my.salesforce.com/home', timeStamp: T0 + 700 })]);
    expect(state.flows[0]?.flow.hops).toHaveLength(1);
  });
});

describe('applyCaptureEvent: diagnoses', () => {
  const diagnosisFor = (flowId: string): Diagnosis => ({
    flowId,
    evaluatedAt: '2026-03-02T10:00:01Z',
    primary: { id: 'sso-healthy', severity: 'info', title: 'ok', summary: 'ok', evidence: [], cause: '', remediation: [], sources: [], basis: 'observed' },
    findings: [],
  });

  it('stores the diagnosis next to the flow it was made for', () => {
    const { state } = run(healthyChain());
    const flowId = state.flows[0]?.flow.id ?? '';
    const next = applyCaptureEvent(state, { kind: 'diagnosed', flowId, closedAt: T0 + 90, diagnosis: diagnosisFor(flowId) }, T0 + 95);
    expect(next.state.flows[0]?.diagnosis?.primary.id).toBe('sso-healthy');
  });

  it('drops a diagnosis made for an earlier closing of the flow', () => {
    const { state } = run(healthyChain());
    const flowId = state.flows[0]?.flow.id ?? '';
    const next = applyCaptureEvent(state, { kind: 'diagnosed', flowId, closedAt: T0 + 1, diagnosis: diagnosisFor(flowId) }, T0 + 95);
    expect(next.state).toBe(state);
  });

  it('drops the early verdict once the final diagnosis is stored', () => {
    const started = run([request(), samlPost()]);
    const flowId = started.state.flows[0]?.flow.id ?? '';
    const early = applyCaptureEvent(started.state, { kind: 'diagnosed', flowId, preliminary: true, diagnosis: diagnosisFor(flowId) }, T0 + 55).state;
    expect(early.flows[0]?.preliminaryDiagnosis).toBeDefined();
    const closed = run(healthyChain().slice(3), DEFAULT_CAPTURE_LIMITS, early).state;
    expect(closed.flows[0]?.preliminaryDiagnosis, 'kept until the final verdict arrives').toBeDefined();
    const final = applyCaptureEvent(closed, { kind: 'diagnosed', flowId, closedAt: T0 + 90, diagnosis: diagnosisFor(flowId) }, T0 + 95).state;
    expect(final.flows[0]?.diagnosis).toBeDefined();
    expect(final.flows[0]).not.toHaveProperty('preliminaryDiagnosis');
  });

  it('forgets the old diagnosis when a flow is re-closed with new evidence', () => {
    const { state } = run(healthyChain());
    const flowId = state.flows[0]?.flow.id ?? '';
    const diagnosed = applyCaptureEvent(state, { kind: 'diagnosed', flowId, closedAt: T0 + 90, diagnosis: diagnosisFor(flowId) }, T0 + 95).state;
    const late = applyCaptureEvent(diagnosed, reading({ url: CONNECT }), T0 + 100);
    expect(late.state.flows[0]?.diagnosis).toBeUndefined();
  });
});

describe('applyCaptureEvent: caps', () => {
  const flowsOf = (count: number) => Array.from({ length: count }, (_, i) => request({ requestId: String(100 + i), tabId: 100 + i, timeStamp: T0 + i }));

  it('keeps at most maxFlows flows, dropping the oldest first', () => {
    const { state } = run(flowsOf(5), { ...DEFAULT_CAPTURE_LIMITS, maxFlows: 3 });
    expect(state.flows.map((f) => f.flow.tabId)).toEqual([102, 103, 104]);
  });

  it('drops the oldest flows when the JSON exceeds the byte budget', () => {
    const big = (i: number) => samlPost({ requestId: String(i), tabId: i, timeStamp: T0 + i, body: { formData: { SAMLResponse: ['A'.repeat(4000)] } } });
    const { state } = run([big(1), big(2), big(3)], { ...DEFAULT_CAPTURE_LIMITS, maxBytes: 9000 });
    expect(state.flows.map((f) => f.flow.tabId)).toEqual([2, 3]);
    expect(JSON.stringify(state.flows).length).toBeLessThanOrEqual(9000);
  });

  it('records on every changed entry the length of its JSON', () => {
    const { state } = run([...healthyChain(), request({ requestId: '7', tabId: 8, timeStamp: T0 + 95 })]);
    expect(state.flows).toHaveLength(2);
    for (const f of state.flows) expect(f.storedBytes).toBe(JSON.stringify(f).length);
  });

  it('keeps the entries an event did not touch as they were, measured size included', () => {
    const { state } = run(healthyChain());
    const next = applyCaptureEvent(state, request({ requestId: '7', tabId: 8, timeStamp: T0 + 95 }), T0 + 95).state;
    expect(next.flows[0]).toBe(state.flows[0]);
    expect(next.flows[1]?.storedBytes).toBe(JSON.stringify(next.flows[1]).length);
  });

  it('measures entries stored without a size by an older version on the next change', () => {
    const { state } = run([request()]);
    const { storedBytes, ...older } = state.flows[0]!;
    expect(storedBytes).toBeGreaterThan(0);
    const next = applyCaptureEvent({ flows: [older] }, request({ requestId: '7', tabId: 8, timeStamp: T0 + 1 }), T0 + 1).state;
    expect(next.flows[0]?.storedBytes).toBe(JSON.stringify(next.flows[0]).length);
  });

  it('checks the byte budget against the recorded sizes, without serialising unchanged flows again', () => {
    const { state } = run([request()]);
    const claimed = { flows: [{ ...state.flows[0]!, storedBytes: 50_000 }] };
    const next = applyCaptureEvent(claimed, request({ requestId: '7', tabId: 8, timeStamp: T0 + 1 }), T0 + 1, { ...DEFAULT_CAPTURE_LIMITS, maxBytes: 40_000 }).state;
    expect(next.flows.map((f) => f.flow.tabId)).toEqual([8]);
  });

  it('always keeps the newest flow, even when it alone exceeds the budget', () => {
    const { state } = run([samlPost({ body: { formData: { SAMLResponse: ['A'.repeat(5000)] } } })], { ...DEFAULT_CAPTURE_LIMITS, maxBytes: 100 });
    expect(state.flows).toHaveLength(1);
  });
});

import { describe, expect, it } from 'vitest';
import type { Flow, Hop, HopKind } from './flow.ts';
import { flowSteps } from './summarize-flow.ts';

const T0 = Date.parse('2026-03-02T09:00:00.000Z');

function hop(id: string, kind: HopKind, atMs: number, extra: Partial<Hop> = {}): Hop {
  return { id, kind, url: `https://example.test/${id}`, method: 'GET', startedAt: new Date(T0 + atMs).toISOString(), durationMs: 100, ...extra };
}

function flow(hops: Hop[], extra: Partial<Flow> = {}): Flow {
  return { id: 'f', source: 'capture', startedAt: hops[0]?.startedAt ?? '', hops, state: 'ended', closeReason: 'input-ended', ...extra };
}

const states = (f: Flow) => flowSteps(f).map((s) => s.state);

describe('flowSteps', () => {
  it('marks every stage ok for a flow that reached Connect, with its hops and time', () => {
    const steps = flowSteps(
      flow(
        [hop('a', 'salesforce-idp', 0), hop('b', 'aws-saml', 500, { method: 'POST', status: 302 }), hop('c', 'connect-federate', 800, { status: 302 }), hop('d', 'connect-app', 1200, { status: 200 })],
        { closeReason: 'reached-connect' },
      ),
    );
    expect(steps).toEqual([
      { stage: 'salesforce', state: 'ok', hopIds: ['a'], durationMs: 100 },
      { stage: 'aws-signin', state: 'ok', hopIds: ['b'], durationMs: 100 },
      { stage: 'connect', state: 'ok', hopIds: ['c', 'd'], durationMs: 500 },
    ]);
  });

  it('fails the Salesforce stage on Insufficient Privileges and leaves the rest not reached', () => {
    const page = { classification: 'sf-insufficient-privileges', excerpt: 'Insufficient Privileges' } as const;
    const steps = flowSteps(flow([hop('a', 'salesforce-idp', 0, { status: 200, page })], { closeReason: 'error-page' }));
    expect(steps.map((s) => s.state)).toEqual(['failed', 'not-reached', 'not-reached']);
    expect(steps[0]?.failure).toEqual({ hopId: 'a', page, status: 200 });
  });

  it('fails the AWS stage with the STS page and keeps Salesforce ok', () => {
    const page = { classification: 'aws-signature-invalid', excerpt: 'Response signature invalid.' } as const;
    const steps = flowSteps(flow([hop('a', 'salesforce-idp', 0), hop('b', 'aws-saml', 300, { page })], { closeReason: 'error-page' }));
    expect(steps.map((s) => s.state)).toEqual(['ok', 'failed', 'not-reached']);
    expect(steps[1]?.failure?.page?.classification).toBe('aws-signature-invalid');
  });

  it('fails the Connect stage with the network error of the Connect host', () => {
    const steps = flowSteps(
      flow([hop('a', 'salesforce-idp', 0), hop('b', 'aws-saml', 300, { status: 302 }), hop('c', 'connect-app', 600, { networkError: 'net::ERR_NAME_NOT_RESOLVED' })], { closeReason: 'network-error' }),
    );
    expect(steps.map((s) => s.state)).toEqual(['ok', 'ok', 'failed']);
    expect(steps[2]?.failure).toEqual({ hopId: 'c', networkError: 'net::ERR_NAME_NOT_RESOLVED' });
  });

  it('does not fail a stage for an aborted navigation that was followed by more hops', () => {
    expect(states(flow([hop('a', 'salesforce-idp', 0, { networkError: 'net::ERR_ABORTED' }), hop('b', 'salesforce-idp', 100), hop('c', 'aws-saml', 200, { status: 302 })]))).toEqual(['ok', 'ok', 'not-reached']);
  });

  it('fails a stage on an HTTP error status without a readable page', () => {
    expect(states(flow([hop('a', 'salesforce-idp', 0), hop('b', 'aws-saml', 300, { status: 400 })]))).toEqual(['ok', 'failed', 'not-reached']);
  });

  it('treats the role-selection page as not failed', () => {
    const page = { classification: 'aws-role-selection', excerpt: 'Select a role:' } as const;
    expect(states(flow([hop('a', 'salesforce-idp', 0), hop('b', 'aws-saml', 300, { status: 200, page })]))).toEqual(['ok', 'ok', 'not-reached']);
  });

  it('shows the last reached stage of a running flow as running', () => {
    expect(states(flow([hop('a', 'salesforce-idp', 0), hop('b', 'aws-saml', 300)], { state: 'running' }))).toEqual(['ok', 'running', 'not-reached']);
  });

  it('fails the last reached stage of a timed-out flow', () => {
    const steps = flowSteps(flow([hop('a', 'salesforce-idp', 0)], { closeReason: 'timed-out' }));
    expect(steps.map((s) => s.state)).toEqual(['failed', 'not-reached', 'not-reached']);
    expect(steps[0]?.failure).toEqual({ hopId: 'a', timedOut: true });
  });

  it('implies the Salesforce stage when the flow starts at the SAML POST', () => {
    const steps = flowSteps(flow([hop('b', 'aws-saml', 0, { method: 'POST', status: 302 }), hop('c', 'connect-app', 300, { status: 200 })], { closeReason: 'reached-connect' }));
    expect(steps[0]).toEqual({ stage: 'salesforce', state: 'ok', hopIds: [], implied: true });
    expect(steps.map((s) => s.state)).toEqual(['ok', 'ok', 'ok']);
  });

  it('puts a SAML POST to an unknown host in the AWS sign-in stage and other unknown hops in the current stage', () => {
    const steps = flowSteps(
      flow([hop('a', 'salesforce-idp', 0), hop('x', 'other', 100), hop('b', 'other', 200, { method: 'POST', saml: { SAMLResponse: 'PHg+' } }), hop('c', 'connect-app', 400, { status: 200 })]),
    );
    expect(steps.map((s) => s.hopIds)).toEqual([['a', 'x'], ['b'], ['c']]);
  });

  it('leaves duration out when no hop has a valid start time', () => {
    const steps = flowSteps(flow([{ ...hop('a', 'salesforce-idp', 0), startedAt: 'not a date' }]));
    expect(steps[0]).not.toHaveProperty('durationMs');
  });
});

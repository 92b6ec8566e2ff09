import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Flow, Hop } from '../../core/flow/flow.ts';
import { flowSteps, type FlowStage } from '../../core/flow/summarize-flow.ts';
import { idpLoginHop } from '../fixtures/fixture-hops.ts';
import { runningFixture } from '../fixtures/running-flow.ts';
import { UI_FIXTURES } from '../fixtures/ui-fixtures.ts';
import { activateLocaleFile } from '../i18n/locale-messages.ts';
import { FlowStepper } from './flow-stepper.tsx';

// Before collection: describe.each bodies render while the file loads.
activateLocaleFile('en');

const FAILING_STAGE: Readonly<Record<string, FlowStage | undefined>> = {
  'sf-insufficient-privileges': 'salesforce',
  'sf-data-not-available': 'salesforce',
  'aws-signature-invalid': 'aws-signin',
  'aws-issuer-mismatch': 'aws-signin',
  'connect-not-onboarded': 'connect',
  'sso-healthy': undefined,
};

function stateOf(html: string, stage: FlowStage): string | undefined {
  return new RegExp(`data-stage="${stage}" data-state="([a-z-]+)"`).exec(html)?.[1];
}

describe.each(UI_FIXTURES.map((fixture) => [fixture.scenario, fixture] as const))('FlowStepper for %s', (scenario, fixture) => {
  const html = renderToStaticMarkup(<FlowStepper steps={flowSteps(fixture.stored.flow)} />);
  const failing = FAILING_STAGE[scenario];

  it('marks the failing stage failed, the ones before it ok and the ones after it not reached', () => {
    const order: FlowStage[] = ['salesforce', 'aws-signin', 'connect'];
    const failingIndex = failing === undefined ? order.length : order.indexOf(failing);
    order.forEach((stage, index) => {
      const expected = index < failingIndex ? 'ok' : index === failingIndex ? 'failed' : 'not-reached';
      expect(stateOf(html, stage), stage).toBe(expected);
    });
  });

  it('says each state in words, not by colour alone', () => {
    expect(html).toContain(failing === undefined ? '>OK' : '>Failed');
    expect(html).toMatch(/aria-hidden="true"/);
  });
});

describe('FlowStepper', () => {
  it('shows a running stage without a duration (its last request has no answer yet)', () => {
    const html = renderToStaticMarkup(<FlowStepper steps={flowSteps(runningFixture.stored.flow)} />);
    expect(stateOf(html, 'aws-signin')).toBe('running');
    expect(html).toMatch(/data-stage="aws-signin"[^]*?Running<\/span>/);
    expect(html).not.toMatch(/Running<span class="stepper__time">/);
  });

  it('names the network error of a failed stage and says when a flow timed out', () => {
    const ccp: Hop = { id: 'h9', kind: 'connect-app', url: 'https://a.my.connect.aws/connect/ccp-v2', method: 'GET', startedAt: '2026-11-23T14:00:02Z', networkError: 'net::ERR_NAME_NOT_RESOLVED' };
    const failed: Flow = { id: 'f', source: 'capture', startedAt: '2026-11-23T14:00:00Z', state: 'ended', closeReason: 'network-error', hops: [idpLoginHop(), ccp] };
    expect(renderToStaticMarkup(<FlowStepper steps={flowSteps(failed)} />)).toContain('net::ERR_NAME_NOT_RESOLVED');
    const timedOut: Flow = { id: 'g', source: 'capture', startedAt: '2026-11-23T14:00:00Z', state: 'ended', closeReason: 'timed-out', hops: [idpLoginHop()] };
    expect(renderToStaticMarkup(<FlowStepper steps={flowSteps(timedOut)} />)).toContain('Timed out');
  });
});

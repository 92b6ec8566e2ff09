import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Flow, Hop } from '../../core/flow/flow.ts';
import { idpLoginHop } from '../fixtures/fixture-hops.ts';
import { UI_FIXTURES } from '../fixtures/ui-fixtures.ts';
import { stepperStages } from '../flow/stepper-stages.ts';
import { activateLocaleFile } from '../i18n/locale-messages.ts';
import { FlowStepper, type StageName } from './flow-stepper.tsx';

// Before collection: describe.each bodies render while the file loads.
activateLocaleFile('en');

const FAILING_STAGE: Readonly<Record<string, StageName | undefined>> = {
  'sf-insufficient-privileges': 'salesforce',
  'sf-data-not-available': 'salesforce',
  'aws-signature-invalid': 'aws-signin',
  'aws-issuer-mismatch': 'aws-signin',
  'connect-not-onboarded': 'connect',
  'sso-healthy': undefined,
};

function stateOf(html: string, stage: StageName): string | undefined {
  return new RegExp(`data-stage="${stage}" data-state="([a-z-]+)"`).exec(html)?.[1];
}

describe.each(UI_FIXTURES.map((fixture) => [fixture.scenario, fixture] as const))('FlowStepper for %s', (scenario, fixture) => {
  const html = renderToStaticMarkup(<FlowStepper stages={stepperStages(fixture.stored.flow)} />);
  const failing = FAILING_STAGE[scenario];

  it('marks the failing stage failed, the ones before it ok and the ones after it not reached', () => {
    const order: StageName[] = ['salesforce', 'aws-signin', 'connect'];
    const failingIndex = failing === undefined ? order.length : order.indexOf(failing);
    order.forEach((stage, index) => {
      const expected = index < failingIndex ? 'ok' : index === failingIndex ? 'failed' : 'not-reached';
      expect(stateOf(html, stage), stage).toBe(expected);
    });
  });

  it('says each state in words, not by colour alone', () => {
    expect(html).toContain(failing === undefined ? '>OK' : '>Failed');
  });
});

const pendingSamlPost: Hop = { id: 'h2', kind: 'aws-saml', url: 'https://signin.aws.amazon.com/saml', method: 'POST', startedAt: '2026-11-23T14:00:01Z' };

describe('stepperStages', () => {
  it('shows the latest stage of a running flow as running', () => {
    const flow: Flow = { id: 'f', source: 'capture', startedAt: '2026-11-23T14:00:00Z', state: 'running', hops: [idpLoginHop(), pendingSamlPost] };
    const stages = stepperStages(flow);
    expect(stages.map((stage) => stage.state)).toEqual(['ok', 'running', 'not-reached']);
    expect(stages[1]?.durationMs).toBeUndefined();
  });

  it('adds up the time a stage took from its hops', () => {
    const flow: Flow = { id: 'f', source: 'capture', startedAt: '2026-11-23T14:00:00Z', state: 'ended', hops: [idpLoginHop()] };
    expect(stepperStages(flow)[0]?.durationMs).toBe(420);
  });
});

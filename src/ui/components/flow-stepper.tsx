import type { FlowStage, FlowStep, FlowStepState } from '../../core/flow/summarize-flow.ts';
import { formatDuration } from '../format/format-duration.ts';
import { t, type MessageKey } from '../i18n/t.ts';
import { StatusIcon } from './status-icon.tsx';

const STAGE_LABEL: Readonly<Record<FlowStage, MessageKey>> = {
  salesforce: 'stageSalesforce',
  'aws-signin': 'stageAwsSignIn',
  connect: 'stageConnect',
};

const STATE_LABEL: Readonly<Record<FlowStepState, MessageKey>> = {
  ok: 'stateOk',
  failed: 'stateFailed',
  'not-reached': 'stateNotReached',
  running: 'stateRunning',
};

function stateWords(step: FlowStep): string {
  if (step.failure?.timedOut === true) return t('stateTimedOut');
  if (step.implied === true) return t('stateImplied');
  return t(STATE_LABEL[step.state]);
}

/**
 * Salesforce → AWS sign-in → Amazon Connect (from `flowSteps`), each with an icon, its state in
 * words and the time it took; a failed stage names the network error when there was one.
 */
export function FlowStepper({ steps }: { readonly steps: readonly FlowStep[] }) {
  return (
    <ol className="stepper" aria-label={t('stepperLabel')}>
      {steps.map((step) => {
        const current = step.state === 'failed' || step.state === 'running';
        // A running stage's last hop has no answer yet, so its span is not a duration.
        const showTime = step.durationMs !== undefined && step.state !== 'running';
        return (
          <li key={step.stage} className={`stepper__stage stepper__stage--${step.state}`} data-stage={step.stage} data-state={step.state} aria-current={current ? 'step' : undefined}>
            <StatusIcon kind={step.state} className="stepper__icon" />
            <span className="stepper__text">
              <span className="stepper__name">{t(STAGE_LABEL[step.stage])}</span>
              <span className="stepper__state">
                {stateWords(step)}
                {showTime ? <span className="stepper__time"> · {formatDuration(step.durationMs ?? 0)}</span> : null}
              </span>
              {step.failure?.networkError === undefined ? null : <code className="stepper__why">{step.failure.networkError}</code>}
            </span>
          </li>
        );
      })}
    </ol>
  );
}

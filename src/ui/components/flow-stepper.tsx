import { formatDuration } from '../format/format-duration.ts';
import { t, type MessageKey } from '../i18n/t.ts';
import { StatusIcon } from './status-icon.tsx';

export type StageName = 'salesforce' | 'aws-signin' | 'connect';
export type StageState = 'ok' | 'failed' | 'not-reached' | 'running';

/** One of the three stages of the SSO chain, ready to show. */
export interface StepperStage {
  readonly stage: StageName;
  readonly state: StageState;
  /** Time spent in this stage (first hop start to last hop end). */
  readonly durationMs?: number;
}

const STAGE_LABEL: Readonly<Record<StageName, MessageKey>> = {
  salesforce: 'stageSalesforce',
  'aws-signin': 'stageAwsSignIn',
  connect: 'stageConnect',
};

const STATE_LABEL: Readonly<Record<StageState, MessageKey>> = {
  ok: 'stateOk',
  failed: 'stateFailed',
  'not-reached': 'stateNotReached',
  running: 'stateRunning',
};

/** Salesforce → AWS sign-in → Amazon Connect, each with an icon, a state word and its time. */
export function FlowStepper({ stages }: { readonly stages: readonly StepperStage[] }) {
  return (
    <ol className="stepper" aria-label={t('stepperLabel')}>
      {stages.map((stage) => {
        const current = stage.state === 'failed' || stage.state === 'running';
        return (
          <li key={stage.stage} className={`stepper__stage stepper__stage--${stage.state}`} data-stage={stage.stage} data-state={stage.state} aria-current={current ? 'step' : undefined}>
            <StatusIcon kind={stage.state} className="stepper__icon" />
            <span className="stepper__text">
              <span className="stepper__name">{t(STAGE_LABEL[stage.stage])}</span>
              <span className="stepper__state">
                {t(STATE_LABEL[stage.state])}
                {stage.durationMs === undefined ? null : <span className="stepper__time"> · {formatDuration(stage.durationMs)}</span>}
              </span>
            </span>
          </li>
        );
      })}
    </ol>
  );
}

import type { RemediationStep } from '../../core/diagnosis/finding.ts';
import { t } from '../i18n/t.ts';
import { ACTOR_LABEL } from './actor-label.ts';
import { CopyButton, type CopyText } from './copy-button.tsx';

/** Ordered fix steps: who acts, what to do, the console path and the command (with a copy button). */
export function RemediationSteps({ steps, copy }: { readonly steps: readonly RemediationStep[]; readonly copy: CopyText }) {
  if (steps.length === 0) return <p className="muted">{t('noStepsNeeded')}</p>;
  return (
    <ol className="steps">
      {steps.map((step, index) => (
        <li key={index} className="steps__step">
          <span className={`actor actor--${step.actor}`}>{t(ACTOR_LABEL[step.actor])}</span>
          <p className="steps__text">{step.text}</p>
          {step.consolePath === undefined ? null : (
            <p className="steps__path">
              <span className="visually-hidden">{t('consolePath')}: </span>
              <code>{step.consolePath}</code>
            </p>
          )}
          {step.command === undefined ? null : (
            <div className="command">
              <pre className="command__text">
                <code>{step.command}</code>
              </pre>
              <CopyButton text={step.command} copy={copy} label={t('copyCommand')} />
            </div>
          )}
        </li>
      ))}
    </ol>
  );
}

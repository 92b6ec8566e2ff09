import type { Finding } from '../../core/diagnosis/finding.ts';
import { t, type MessageKey } from '../i18n/t.ts';
import { AgentAdvice, adminsToAsk } from './agent-advice.tsx';
import type { CopyText } from './copy-button.tsx';
import { RemediationSteps } from './remediation-steps.tsx';
import { StatusIcon, type StatusIconKind } from './status-icon.tsx';

export type VerdictTone = 'ok' | 'error' | 'warning' | 'info';

/** The healthy verdict is shown as success, everything else by severity. */
export function verdictTone(finding: Finding): VerdictTone {
  return finding.id === 'sso-healthy' ? 'ok' : finding.severity;
}

export const TONE_LABEL: Readonly<Record<VerdictTone, MessageKey>> = { ok: 'toneOk', error: 'toneError', warning: 'toneWarning', info: 'toneInfo' };
export const TONE_ICON: Readonly<Record<VerdictTone, StatusIconKind>> = { ok: 'ok', error: 'failed', warning: 'warning', info: 'info' };

export interface VerdictCardProps {
  readonly finding: Finding;
  readonly copy: CopyText;
  /** The popup keeps the admin steps folded; the report page opens them. */
  readonly adminStepsOpen?: boolean;
}

/**
 * The primary finding in plain words, then "What to do". `data-finding-id` carries the finding id:
 * e2e tests and support tooling read it, so it stays on this element.
 */
export function VerdictCard({ finding, copy, adminStepsOpen = false }: VerdictCardProps) {
  const tone = verdictTone(finding);
  return (
    <section className={`verdict verdict--${tone}`} data-finding-id={finding.id} aria-labelledby="verdict-summary">
      <p className="verdict__tone">
        <StatusIcon kind={TONE_ICON[tone]} />
        <span>{t(TONE_LABEL[tone])}</span>
        {finding.basis === 'predicted' ? <span className="verdict__basis">{t('basisPredicted')}</span> : null}
      </p>
      <h2 id="verdict-summary" className="verdict__summary">
        {finding.summary}
      </h2>
      {/* "Tell them" quotes the title when an admin must act; say it only once. */}
      {adminsToAsk(finding.remediation).length === 0 ? <p className="verdict__title">{finding.title}</p> : null}
      <h3 className="verdict__heading">{t('whatToDo')}</h3>
      <AgentAdvice finding={finding} />
      {finding.remediation.some((step) => step.actor !== 'agent') ? (
        <details className="verdict__admin" open={adminStepsOpen}>
          <summary>{t('stepsForAdmins')}</summary>
          <p className="verdict__cause">{finding.cause}</p>
          <RemediationSteps steps={finding.remediation} copy={copy} />
        </details>
      ) : null}
    </section>
  );
}

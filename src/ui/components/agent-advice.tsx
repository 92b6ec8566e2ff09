import type { Finding, RemediationStep } from '../../core/diagnosis/finding.ts';
import { t } from '../i18n/t.ts';
import { ACTOR_ASK } from './actor-label.ts';

/** The admins an agent should ask, in the order the steps need them. */
export function adminsToAsk(steps: readonly RemediationStep[]): Exclude<RemediationStep['actor'], 'agent'>[] {
  const admins: Exclude<RemediationStep['actor'], 'agent'>[] = [];
  for (const step of steps) {
    if (step.actor !== 'agent' && !admins.includes(step.actor)) admins.push(step.actor);
  }
  return admins;
}

/** "What to do" for the agent: who to ask, what to tell them, and what they can do themselves. */
export function AgentAdvice({ finding }: { readonly finding: Finding }) {
  const admins = adminsToAsk(finding.remediation);
  const ownSteps = finding.remediation.filter((step) => step.actor === 'agent');
  return (
    <div className="advice">
      {admins.length === 0 ? null : (
        <>
          <p className="advice__ask">
            <strong>{t('adviceAsk')}</strong> {admins.map((admin) => t(ACTOR_ASK[admin])).join(t('listSeparator'))}
          </p>
          <p className="advice__tell">
            <strong>{t('adviceTell')}</strong> “{finding.title}”. {t('adviceAttachReport')}
          </p>
        </>
      )}
      {ownSteps.length === 0 ? null : (
        <ul className="advice__own">
          {ownSteps.map((step, index) => (
            <li key={index}>{step.text}</li>
          ))}
        </ul>
      )}
      {admins.length === 0 && ownSteps.length === 0 ? <p>{t('adviceNothingToDo')}</p> : null}
    </div>
  );
}

import type { Finding } from '../../core/diagnosis/finding.ts';
import { t } from '../i18n/t.ts';
import type { CopyText } from './copy-button.tsx';
import { EvidenceTable } from './evidence-table.tsx';
import { RemediationSteps } from './remediation-steps.tsx';
import { StatusIcon } from './status-icon.tsx';
import { TONE_ICON, TONE_LABEL, verdictTone } from './verdict-card.tsx';

/** Every finding with its evidence, cause, steps and sources (report page). */
export function FindingList({ findings, copy }: { readonly findings: readonly Finding[]; readonly copy: CopyText }) {
  return (
    <div className="findings">
      {findings.map((finding, index) => {
        const tone = verdictTone(finding);
        return (
          <article key={`${finding.id}-${String(index)}`} className={`finding finding--${tone}`} data-finding-id={finding.id} aria-labelledby={`finding-${String(index)}`}>
            <header className="finding__header">
              <StatusIcon kind={TONE_ICON[tone]} />
              <span className="finding__tone">{t(TONE_LABEL[tone])}</span>
              <h3 id={`finding-${String(index)}`} className="finding__title">
                {finding.title}
              </h3>
              <code className="finding__id">{finding.id}</code>
            </header>
            <p>{finding.summary}</p>
            <p className="finding__cause">
              <strong>{t('likelyCause')}</strong> {finding.cause}
              {finding.basis === 'predicted' ? <em className="muted"> ({t('basisPredicted')})</em> : null}
            </p>
            <EvidenceTable evidence={finding.evidence} />
            {finding.remediation.length === 0 ? null : (
              <>
                <h4>{t('remediation')}</h4>
                <RemediationSteps steps={finding.remediation} copy={copy} />
              </>
            )}
            {finding.sources.length === 0 ? null : (
              <p className="finding__sources muted">
                {t('sources')}{' '}
                {finding.sources.map((source, sourceIndex) => (
                  <span key={sourceIndex}>
                    {sourceIndex === 0 ? '' : '; '}
                    {source.url === undefined ? (
                      source.title
                    ) : (
                      <a href={source.url} target="_blank" rel="noreferrer noopener">
                        {source.title}
                      </a>
                    )}
                  </span>
                ))}
              </p>
            )}
          </article>
        );
      })}
    </div>
  );
}

import type { Evidence } from '../../core/diagnosis/finding.ts';
import { t } from '../i18n/t.ts';

/** What a finding rests on: observed against expected, and where each value came from. */
export function EvidenceTable({ evidence }: { readonly evidence: readonly Evidence[] }) {
  if (evidence.length === 0) return null;
  const hasExpected = evidence.some((row) => row.expected !== undefined);
  return (
    <table className="evidence">
      <thead>
        <tr>
          <th scope="col">{t('evidenceWhat')}</th>
          <th scope="col">{t('evidenceObserved')}</th>
          {hasExpected ? <th scope="col">{t('evidenceExpected')}</th> : null}
          <th scope="col">{t('evidenceWhere')}</th>
        </tr>
      </thead>
      <tbody>
        {evidence.map((row, index) => (
          <tr key={index} className={row.expected !== undefined && row.observed !== row.expected ? 'evidence__row--differs' : undefined}>
            <th scope="row">{row.label}</th>
            <td>
              <code>{row.observed ?? '—'}</code>
            </td>
            {hasExpected ? <td>{row.expected === undefined ? '—' : <code>{row.expected}</code>}</td> : null}
            <td className="muted">{[row.hopId === undefined ? undefined : t('hopRef', row.hopId), row.field].filter((part) => part !== undefined).join(' · ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

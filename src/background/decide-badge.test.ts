import { describe, expect, it } from 'vitest';
import type { Diagnosis } from '../core/diagnosis/diagnosis.ts';
import type { FindingSeverity, ScenarioId } from '../core/diagnosis/finding.ts';
import type { CapturedFlow } from '../core/flow/apply-capture-event.ts';
import { decideBadge } from './decide-badge.ts';

function captured(id: string, closedAt: number | undefined, verdict?: [ScenarioId, FindingSeverity]): CapturedFlow {
  const flow = { id, source: 'capture' as const, startedAt: '2026-03-02T10:00:00.000Z', hops: [], state: closedAt === undefined ? ('running' as const) : ('ended' as const) };
  const diagnosis: Diagnosis | undefined =
    verdict === undefined
      ? undefined
      : {
          flowId: id,
          evaluatedAt: '2026-03-02T10:00:01.000Z',
          primary: { id: verdict[0], severity: verdict[1], title: `title of ${verdict[0]}`, summary: '', evidence: [], cause: '', remediation: [], sources: [], basis: 'observed' },
          findings: [],
        };
  return { flow, frameId: 0, requestIds: [], lastActivityAt: 0, ...(closedAt === undefined ? {} : { closedAt }), ...(diagnosis === undefined ? {} : { diagnosis }) };
}

describe('decideBadge', () => {
  it('shows a red "!" when the latest diagnosed flow failed', () => {
    expect(decideBadge([captured('a', 1, ['sso-healthy', 'info']), captured('b', 2, ['aws-signature-invalid', 'error'])])).toEqual({
      text: '!',
      color: '#C5221F',
      title: 'SSO Doctor: title of aws-signature-invalid',
    });
  });

  it('clears the badge when a healthy flow follows a failure', () => {
    expect(decideBadge([captured('a', 1, ['aws-signature-invalid', 'error']), captured('b', 2, ['sso-healthy', 'info'])]).text).toBe('');
  });

  it('goes by closing time, not by list order', () => {
    expect(decideBadge([captured('a', 5, ['aws-signature-invalid', 'error']), captured('b', 2, ['sso-healthy', 'info'])]).text).toBe('!');
  });

  it('ignores running and not yet diagnosed flows', () => {
    expect(decideBadge([captured('a', 1, ['sf-insufficient-privileges', 'error']), captured('b', 3), captured('c', undefined)]).text).toBe('!');
  });

  it('stays clear for warnings and when nothing was captured', () => {
    expect(decideBadge([captured('a', 1, ['idp-cert-expiring', 'warning'])]).text).toBe('');
    expect(decideBadge([])).toEqual({ text: '', color: '#C5221F', title: 'SSO Doctor' });
  });
});

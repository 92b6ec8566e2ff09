import type { CapturedFlow } from '../core/flow/apply-capture-event.ts';

export interface BadgeDecision {
  /** Empty clears the badge. */
  readonly text: string;
  readonly color: string;
  /** Tooltip of the toolbar button. */
  readonly title: string;
}

export const BADGE_ERROR_COLOR = '#C5221F';
const DEFAULT_TITLE = 'SSO Doctor';

/**
 * The toolbar badge follows the most recently closed, diagnosed flow: a red "!" when its verdict is
 * an error, nothing otherwise (a healthy flow clears an earlier failure). One global badge rather
 * than one per tab: the verdict is about the user's SSO set-up, and the failing flow usually runs
 * in a hidden frame of the Salesforce console while the user looks at another tab.
 */
export function decideBadge(flows: readonly CapturedFlow[]): BadgeDecision {
  let latest: CapturedFlow | undefined;
  for (const f of flows) {
    if (f.diagnosis === undefined || f.closedAt === undefined) continue;
    if (latest === undefined || f.closedAt >= (latest.closedAt ?? 0)) latest = f;
  }
  const primary = latest?.diagnosis?.primary;
  if (primary?.severity !== 'error') return { text: '', color: BADGE_ERROR_COLOR, title: primary === undefined ? DEFAULT_TITLE : `${DEFAULT_TITLE}: ${primary.title}` };
  return { text: '!', color: BADGE_ERROR_COLOR, title: `${DEFAULT_TITLE}: ${primary.title}` };
}

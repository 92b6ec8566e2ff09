import { formatTime } from '../format/format-time.ts';
import { t } from '../i18n/t.ts';

const DAY_MS = 86_400_000;
/** Same warning window as the `idp-cert-expiring` scenario. */
const EXPIRING_DAYS = 30;

export type ValidityState = 'valid' | 'expiring' | 'expired' | 'not-yet-valid' | 'unknown';

export interface Validity {
  readonly state: ValidityState;
  /** Where "now" sits between NotBefore (0) and NotAfter (100), clamped. */
  readonly nowPercent: number;
  /** Whole days to NotAfter (negative once expired). */
  readonly daysLeft: number;
}

export function certificateValidity(notBefore: string, notAfter: string, now: string): Validity {
  const start = Date.parse(notBefore);
  const end = Date.parse(notAfter);
  const at = Date.parse(now);
  if ([start, end, at].some(Number.isNaN) || end <= start) return { state: 'unknown', nowPercent: 0, daysLeft: 0 };
  const nowPercent = Math.min(100, Math.max(0, ((at - start) / (end - start)) * 100));
  const daysLeft = Math.floor((end - at) / DAY_MS);
  const state: ValidityState = at < start ? 'not-yet-valid' : at >= end ? 'expired' : daysLeft < EXPIRING_DAYS ? 'expiring' : 'valid';
  return { state, nowPercent, daysLeft };
}

/** NotBefore → NotAfter as a bar with a marker for today, and the state in words. */
export function ValidityBar({ notBefore, notAfter, now }: { readonly notBefore: string; readonly notAfter: string; readonly now: string }) {
  const validity = certificateValidity(notBefore, notAfter, now);
  const words =
    validity.state === 'expired'
      ? t('validityExpired', String(-validity.daysLeft))
      : validity.state === 'not-yet-valid'
        ? t('validityNotYet')
        : validity.state === 'unknown'
          ? t('validityUnknown')
          : t('validityDaysLeft', String(validity.daysLeft));
  return (
    <div className={`validity validity--${validity.state}`} data-validity={validity.state}>
      <div className="validity__track" aria-hidden="true">
        <span className="validity__fill" style={{ width: `${validity.nowPercent.toFixed(1)}%` }} />
        <span className="validity__now" style={{ left: `${validity.nowPercent.toFixed(1)}%` }} title={t('today')} />
      </div>
      <div className="validity__labels">
        <span>{formatTime(notBefore, { withDate: true })}</span>
        <strong className="validity__words">{words}</strong>
        <span>{formatTime(notAfter, { withDate: true })}</span>
      </div>
    </div>
  );
}

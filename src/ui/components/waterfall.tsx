import type { ReactNode } from 'react';
import type { Hop, HopKind, PageClassification } from '../../core/flow/flow.ts';
import { formatDuration } from '../format/format-duration.ts';
import { t, type MessageKey } from '../i18n/t.ts';

const KIND_LABEL: Readonly<Record<HopKind, MessageKey>> = {
  'salesforce-login': 'hopSalesforceLogin',
  'salesforce-idp': 'hopSalesforceIdp',
  'salesforce-other': 'hopSalesforceOther',
  'aws-saml': 'hopAwsSaml',
  'aws-signin-other': 'hopAwsSigninOther',
  'connect-federate': 'hopConnectFederate',
  'aws-console-other': 'hopAwsConsoleOther',
  'connect-app': 'hopConnectApp',
  other: 'hopOther',
};

export interface WaterfallRow {
  readonly hop: Hop;
  readonly offsetMs: number;
  readonly durationMs: number | undefined;
  /** Bar position and width as percentages of the whole flow's span. */
  readonly leftPercent: number;
  readonly widthPercent: number;
  readonly outcome: 'ok' | 'redirect' | 'failed' | 'pending';
}

/** Places hops on one time axis; hops with unreadable times sit at the start with no bar. */
export function waterfallRows(hops: readonly Hop[]): { rows: WaterfallRow[]; spanMs: number } {
  const starts = hops.map((hop) => Date.parse(hop.startedAt));
  const valid = starts.filter((start) => !Number.isNaN(start));
  const origin = valid.length === 0 ? 0 : Math.min(...valid);
  const ends = hops.map((hop, index) => (starts[index] ?? Number.NaN) + (hop.durationMs ?? 0)).filter((end) => !Number.isNaN(end));
  const spanMs = Math.max(1, (ends.length === 0 ? origin : Math.max(...ends)) - origin);
  const rows = hops.map((hop, index): WaterfallRow => {
    const start = starts[index] ?? Number.NaN;
    const offsetMs = Number.isNaN(start) ? 0 : start - origin;
    const duration = hop.durationMs;
    return {
      hop,
      offsetMs,
      durationMs: duration,
      leftPercent: (offsetMs / spanMs) * 100,
      widthPercent: duration === undefined ? 0 : Math.max(0.5, (duration / spanMs) * 100),
      outcome: hopOutcome(hop),
    };
  });
  return { rows, spanMs };
}

function hopOutcome(hop: Hop): WaterfallRow['outcome'] {
  if (hop.networkError !== undefined) return 'failed';
  if (hop.page !== undefined && hop.page.classification !== 'aws-role-selection') return 'failed';
  if (hop.status === undefined) return 'pending';
  if (hop.status >= 400) return 'failed';
  if (hop.redirectTo !== undefined || (hop.status >= 300 && hop.status < 400)) return 'redirect';
  return 'ok';
}

function shortUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return url;
  }
}

/** The flow's hops as a waterfall: what was requested, what came back, when and for how long. */
export function Waterfall({ hops, failingHopId }: { readonly hops: readonly Hop[]; readonly failingHopId?: string | undefined }) {
  const { rows, spanMs } = waterfallRows(hops);
  if (rows.length === 0) return <p className="muted">{t('noHops')}</p>;
  return (
    <table className="waterfall">
      <caption className="visually-hidden">{t('waterfallCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('waterfallRequest')}</th>
          <th scope="col">{t('waterfallResult')}</th>
          <th scope="col" className="waterfall__num">
            {t('waterfallStart')}
          </th>
          <th scope="col" className="waterfall__num">
            {t('waterfallDuration')}
          </th>
          <th scope="col" className="waterfall__timeline">
            <span className="visually-hidden">{t('waterfallTimeline')}</span>
            <span aria-hidden="true" className="waterfall__axis">
              <span>0</span>
              <span>{formatDuration(spanMs)}</span>
            </span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.hop.id} className={`waterfall__row waterfall__row--${row.outcome}${row.hop.id === failingHopId ? ' waterfall__row--failing' : ''}`} data-hop-id={row.hop.id}>
            <th scope="row" className="waterfall__request">
              <span className="waterfall__kind">{t(KIND_LABEL[row.hop.kind])}</span>
              <span className="waterfall__url" title={row.hop.url}>
                <span className="waterfall__method">{row.hop.method}</span> {shortUrl(row.hop.url)}
              </span>
            </th>
            <td className="waterfall__result">
              <HopResult hop={row.hop} />
            </td>
            <td className="waterfall__num">+{formatDuration(row.offsetMs)}</td>
            <td className="waterfall__num">{row.durationMs === undefined ? '—' : formatDuration(row.durationMs)}</td>
            <td className="waterfall__timeline" aria-hidden="true">
              <span className="waterfall__track">
                <span className="waterfall__bar" style={{ left: `${row.leftPercent.toFixed(2)}%`, width: `${row.widthPercent.toFixed(2)}%` }} />
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const PAGE_LABEL: Partial<Readonly<Record<PageClassification, MessageKey>>> = {
  'aws-role-selection': 'pageRoleSelection',
  'unrecognized-error': 'pageUnrecognized',
};

function HopResult({ hop }: { readonly hop: Hop }) {
  const parts: ReactNode[] = [];
  if (hop.networkError !== undefined) parts.push(<span key="net" className="badge badge--failed">{hop.networkError}</span>);
  if (hop.status !== undefined) {
    parts.push(
      <span key="status" className="waterfall__status">
        {hop.status}
        {hop.statusText === undefined ? '' : ` ${hop.statusText}`}
      </span>,
    );
  }
  if (hop.redirectTo !== undefined) {
    parts.push(
      <span key="redirect" className="waterfall__redirect" title={hop.redirectTo}>
        → {shortUrl(hop.redirectTo)}
      </span>,
    );
  }
  if (hop.saml?.SAMLResponse !== undefined) parts.push(<span key="saml" className="badge">{t('carriesSamlResponse')}</span>);
  if (hop.page !== undefined) {
    const label = PAGE_LABEL[hop.page.classification];
    parts.push(
      <span key="page" className="waterfall__page">
        <span className="badge badge--failed">{label === undefined ? hop.page.classification : t(label)}</span> {hop.page.excerpt}
      </span>,
    );
  }
  if (parts.length === 0) parts.push(<span key="pending">{t('hopPending')}</span>);
  return <>{parts}</>;
}

export type StatusIconKind = 'ok' | 'failed' | 'not-reached' | 'running' | 'warning' | 'info';

const PATHS: Readonly<Record<StatusIconKind, string>> = {
  ok: 'M4.5 10.5l3.5 3.5 7.5-8',
  failed: 'M5.5 5.5l9 9M14.5 5.5l-9 9',
  'not-reached': 'M6 10h8',
  running: 'M10 3.5a6.5 6.5 0 1 1-6.5 6.5',
  warning: 'M10 5v6M10 14.2v.3',
  info: 'M10 9v6M10 5.8v.3',
};

/** A decorative icon: every use sits beside text that says the same (state is never colour or shape alone). */
export function StatusIcon({ kind, className }: { readonly kind: StatusIconKind; readonly className?: string }) {
  return (
    <svg className={`status-icon status-icon--${kind}${className === undefined ? '' : ` ${className}`}`} viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false">
      {kind === 'running' ? null : <circle cx="10" cy="10" r="9" className="status-icon__ring" />}
      <path d={PATHS[kind]} fill="none" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" className="status-icon__mark" />
    </svg>
  );
}

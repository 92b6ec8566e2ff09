/**
 * A time as the reader's clock shows it, plus the exact UTC value for the tooltip. Invalid input
 * is shown as it came: SAML times are evidence, never hidden.
 */
export function formatTime(iso: string, options?: { readonly withDate?: boolean; readonly timeZone?: string }): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(undefined, {
    ...(options?.withDate === true ? { dateStyle: 'medium' } : {}),
    timeStyle: 'medium',
    ...(options?.timeZone === undefined ? {} : { timeZone: options.timeZone }),
  }).format(date);
}

/** Milliseconds between two ISO times, undefined when either is unreadable. */
export function millisBetween(fromIso: string, toIso: string): number | undefined {
  const from = Date.parse(fromIso);
  const to = Date.parse(toIso);
  return Number.isNaN(from) || Number.isNaN(to) ? undefined : to - from;
}

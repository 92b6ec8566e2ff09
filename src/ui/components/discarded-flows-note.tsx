import type { DiscardedFlows } from '../../messaging/protocol.ts';
import { formatTime } from '../format/format-time.ts';
import { t } from '../i18n/t.ts';

/**
 * Says that stored sign-ins were found damaged and removed, so a flow that vanished is explained.
 * An aside, not a verdict: plain text in the reading order (no live region, nothing to focus),
 * shown until the user clears the captured data.
 */
export function DiscardedFlowsNote({ discarded }: { readonly discarded: DiscardedFlows | undefined }) {
  if (discarded === undefined || !(discarded.count > 0)) return null;
  const at = formatTime(discarded.at);
  return (
    <p className="callout callout--info discarded-note" title={discarded.at}>
      {discarded.count === 1 ? t('discardedFlowsOne', at) : t('discardedFlowsMany', [String(discarded.count), at])}
    </p>
  );
}

import { useState } from 'react';
import { t } from '../i18n/t.ts';

export type CopyText = (text: string) => Promise<void>;

/** Copies `text` through the injected `copy` (the page passes navigator.clipboard) and says whether it worked. */
export function CopyButton({ text, copy, label }: { readonly text: string; readonly copy: CopyText; readonly label?: string }) {
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle');
  const onClick = (): void => {
    copy(text).then(
      () => {
        setStatus('copied');
      },
      () => {
        setStatus('failed');
      },
    );
  };
  return (
    <button type="button" className="button button--small copy-button" onClick={onClick}>
      <span aria-live="polite">{status === 'copied' ? t('copied') : status === 'failed' ? t('copyFailed') : (label ?? t('copy'))}</span>
    </button>
  );
}

import { useEffect, useState } from 'react';
import type { ExportedReport, ExportFormat } from '../../messaging/protocol.ts';
import type { ExportDialogProps } from '../components/export-dialog.tsx';
import { errorMessage, type PageEnvironment } from './page-environment.ts';

/**
 * The export dialog's state: builds a preview with the page environment's `exportReport` for the chosen
 * format, and saves exactly what was previewed. Unredacted only after the warning is confirmed.
 */
export function useExport(
  environment: PageEnvironment,
  flowId: string | undefined,
  open: boolean,
  onClose: () => void,
  options: { readonly allowUnredacted?: boolean } = {},
): ExportDialogProps {
  const [format, setFormat] = useState<ExportFormat>('markdown');
  const [unredacted, setUnredacted] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [preview, setPreview] = useState<ExportedReport | undefined>(undefined);
  const [status, setStatus] = useState<'idle' | 'loading' | 'error'>('idle');
  const [error, setError] = useState<string | undefined>(undefined);
  const [saved, setSaved] = useState<string | undefined>(undefined);

  useEffect(() => {
    if (!open || flowId === undefined) return undefined;
    let current = true;
    setStatus('loading');
    setPreview(undefined);
    setSaved(undefined);
    environment.exportReport({ flowId, format, ...(unredacted ? { unredacted: true } : {}) }).then(
      (report) => {
        if (!current) return;
        setPreview(report);
        setStatus(report === undefined ? 'error' : 'idle');
        setError(undefined);
      },
      (failure: unknown) => {
        if (!current) return;
        setStatus('error');
        setError(errorMessage(failure));
      },
    );
    return () => {
      current = false;
    };
  }, [environment, flowId, format, unredacted, open]);

  return {
    format,
    onFormatChange: setFormat,
    preview,
    status,
    error,
    savedFilename: saved,
    onSave: () => {
      if (preview === undefined) return;
      environment.download(preview);
      setSaved(preview.filename);
    },
    onClose: () => {
      setUnredacted(false);
      setConfirming(false);
      onClose();
    },
    allowUnredacted: options.allowUnredacted === true,
    unredacted,
    onUnredactedChange: (wanted) => {
      if (wanted) setConfirming(true);
      else setUnredacted(false);
    },
    confirmingUnredacted: confirming,
    onConfirmUnredacted: () => {
      setConfirming(false);
      setUnredacted(true);
    },
    onCancelUnredacted: () => {
      setConfirming(false);
    },
  };
}

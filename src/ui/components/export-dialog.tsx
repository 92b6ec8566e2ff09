import type { ExportedReport, ExportFormat } from '../../messaging/protocol.ts';
import { t, type MessageKey } from '../i18n/t.ts';

const FORMATS: readonly { readonly format: ExportFormat; readonly label: MessageKey; readonly hint: MessageKey }[] = [
  { format: 'markdown', label: 'formatMarkdown', hint: 'formatMarkdownHint' },
  { format: 'json', label: 'formatJson', hint: 'formatJsonHint' },
  { format: 'har', label: 'formatHar', hint: 'formatHarHint' },
];

const PREVIEW_CHARS = 40_000;

export interface ExportDialogProps {
  readonly format: ExportFormat;
  readonly onFormatChange: (format: ExportFormat) => void;
  readonly preview: ExportedReport | undefined;
  readonly status: 'idle' | 'loading' | 'error';
  readonly error?: string | undefined;
  /** Filename of the last saved file, to confirm the download started. */
  readonly savedFilename?: string | undefined;
  readonly onSave: () => void;
  readonly onClose: () => void;
  /** The report page offers an unredacted export; the popup does not. */
  readonly allowUnredacted: boolean;
  readonly unredacted: boolean;
  /** Asking for `true` must show the warning first; the container sets `confirmingUnredacted`. */
  readonly onUnredactedChange: (unredacted: boolean) => void;
  readonly confirmingUnredacted: boolean;
  readonly onConfirmUnredacted: () => void;
  readonly onCancelUnredacted: () => void;
}

/** Format choice, a preview of exactly what will be saved, and Save. Redacted unless explicitly confirmed otherwise. */
export function ExportDialog(props: ExportDialogProps) {
  const { preview, status } = props;
  return (
    <section className="export" aria-labelledby="export-heading">
      <div className="export__header">
        <h2 id="export-heading">{t('exportHeading')}</h2>
        <button type="button" className="button button--small" onClick={props.onClose}>
          {t('close')}
        </button>
      </div>
      <fieldset className="export__formats">
        <legend>{t('exportFormat')}</legend>
        {FORMATS.map((entry) => (
          <label key={entry.format} className="radio">
            <input
              type="radio"
              name="export-format"
              value={entry.format}
              checked={props.format === entry.format}
              // Opening the dialog moves focus into it, onto the chosen format.
              autoFocus={props.format === entry.format}
              onChange={() => {
                props.onFormatChange(entry.format);
              }}
            />
            <span>
              <strong>{t(entry.label)}</strong> <span className="muted">{t(entry.hint)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {props.allowUnredacted ? (
        <label className="checkbox">
          <input type="checkbox" checked={props.unredacted} onChange={(event) => { props.onUnredactedChange(event.currentTarget.checked); }} />
          <span>{t('exportUnredacted')}</span>
        </label>
      ) : null}
      {props.confirmingUnredacted ? (
        <div className="callout callout--error" role="alertdialog" aria-labelledby="unredacted-title" aria-describedby="unredacted-text">
          <h3 id="unredacted-title">{t('unredactedWarningTitle')}</h3>
          <p id="unredacted-text">{t('unredactedWarningText')}</p>
          <div className="button-row">
            <button type="button" className="button" onClick={props.onCancelUnredacted} autoFocus>
              {t('unredactedCancel')}
            </button>
            <button type="button" className="button button--danger" onClick={props.onConfirmUnredacted}>
              {t('unredactedConfirm')}
            </button>
          </div>
        </div>
      ) : null}
      <p className={props.unredacted ? 'export__mode export__mode--unredacted' : 'export__mode'}>{props.unredacted ? t('exportModeUnredacted') : t('exportModeRedacted')}</p>
      <h3 className="export__preview-heading">{t('exportPreview')}</h3>
      {status === 'loading' ? <p aria-live="polite">{t('exportLoading')}</p> : null}
      {status === 'error' ? (
        <p className="callout callout--error" role="alert">
          {t('exportFailed')} {props.error}
        </p>
      ) : null}
      {preview !== undefined && status === 'idle' ? (
        <>
          <p className="muted">
            <code>{preview.filename}</code>
            {preview.content.length > PREVIEW_CHARS ? ` — ${t('previewShortened')}` : ''}
          </p>
          <pre className="export__preview" tabIndex={0} aria-label={t('exportPreview')}>
            {preview.content.slice(0, PREVIEW_CHARS)}
          </pre>
        </>
      ) : null}
      <div className="button-row">
        <button type="button" className="button button--primary" onClick={props.onSave} disabled={preview === undefined || status !== 'idle' || props.confirmingUnredacted}>
          {t('exportSave')}
        </button>
        {props.savedFilename === undefined ? null : (
          <span className="muted" aria-live="polite">
            {t('exportSaved', props.savedFilename)}
          </span>
        )}
      </div>
    </section>
  );
}

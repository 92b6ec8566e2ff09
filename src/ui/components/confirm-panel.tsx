import { t } from '../i18n/t.ts';

/** An inline "are you sure" with the safe choice focused first. */
export function ConfirmPanel({ message, confirmLabel, onConfirm, onCancel }: { readonly message: string; readonly confirmLabel: string; readonly onConfirm: () => void; readonly onCancel: () => void }) {
  return (
    <div className="callout callout--warning confirm" role="alertdialog" aria-labelledby="confirm-message">
      <p id="confirm-message">{message}</p>
      <div className="button-row">
        <button type="button" className="button" onClick={onCancel} autoFocus>
          {t('cancel')}
        </button>
        <button type="button" className="button button--danger" onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </div>
  );
}

import { t } from '../i18n/t.ts';

export interface LinkSetupFormProps {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly onSubmit: () => void;
  readonly onCancel: () => void;
  readonly saving: boolean;
  readonly error?: 'invalid-link' | 'save-failed' | undefined;
}

/** One-time prompt for the Telephony Provider Settings link, with where the admin finds it (Salesforce KB). */
export function LinkSetupForm({ value, onChange, onSubmit, onCancel, saving, error }: LinkSetupFormProps) {
  return (
    <form
      className="link-form"
      aria-labelledby="link-form-heading"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      <h2 id="link-form-heading">{t('linkFormHeading')}</h2>
      <p>{t('linkFormWhy')}</p>
      <label htmlFor="link-input" className="field__label">
        {t('linkFormLabel')}
      </label>
      <input
        id="link-input"
        className="field__input"
        type="url"
        inputMode="url"
        required
        placeholder="https://…my.salesforce.com/idp/login?app=0sp…"
        value={value}
        aria-invalid={error === 'invalid-link'}
        aria-describedby="link-hint link-error"
        onChange={(event) => {
          onChange(event.currentTarget.value);
        }}
      />
      <p id="link-error" className="field__error" role={error === undefined ? undefined : 'alert'}>
        {error === 'invalid-link' ? t('linkFormInvalid') : error === 'save-failed' ? t('linkFormSaveFailed') : ''}
      </p>
      <div id="link-hint" className="hint">
        <p>{t('linkFormHintIntro')}</p>
        <p className="hint__path">
          <code>{t('linkFormHintPath')}</code>
        </p>
        <p>{t('linkFormHintCopy')}</p>
      </div>
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={saving || value.trim() === ''}>
          {t('linkFormSave')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}

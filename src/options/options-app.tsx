import { useEffect, useState } from 'react';
import type { Settings } from '../core/settings/settings.ts';
import type { EffectiveSettings } from '../messaging/protocol.ts';
import { SettingsForm } from '../ui/components/settings-form.tsx';
import { errorMessage, type PageEnvironment } from '../ui/hooks/page-environment.ts';
import { t } from '../ui/i18n/t.ts';

/** The options page: every setting, managed ones locked, saved through the worker. */
export function OptionsApp({ environment }: { readonly environment: PageEnvironment }) {
  const [settings, setSettings] = useState<EffectiveSettings | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [saving, setSaving] = useState(false);
  const [status, setStatus] = useState<{ tone: 'ok' | 'error'; message: string } | undefined>(undefined);
  useEffect(() => {
    environment.call('getState').then(
      (state) => {
        setSettings(state.settings);
      },
      (failure: unknown) => {
        setError(errorMessage(failure));
      },
    );
  }, [environment]);
  const save = (values: Settings): void => {
    setSaving(true);
    environment
      .call('saveSettings', values)
      .then((next) => {
        setSettings(next);
        setStatus({ tone: 'ok', message: t('settingsSaved') });
      })
      .catch((failure: unknown) => {
        setStatus({ tone: 'error', message: t('settingsSaveFailed', errorMessage(failure)) });
      })
      .finally(() => {
        setSaving(false);
      });
  };
  return (
    <main className="options">
      <h1>{t('optionsTitle')}</h1>
      <p className="muted">{t('optionsIntro')}</p>
      {error === undefined ? null : (
        <p className="callout callout--error" role="alert">
          {t('stateUnavailable')} {error}
        </p>
      )}
      {settings === undefined ? (
        error === undefined ? <p>{t('loading')}</p> : null
      ) : (
        <SettingsForm settings={settings} onSave={save} saving={saving} status={status} />
      )}
    </main>
  );
}

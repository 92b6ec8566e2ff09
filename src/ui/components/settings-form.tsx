import { useState } from 'react';
import type { SettingKey, Settings } from '../../core/settings/settings.ts';
import type { EffectiveSettings } from '../../messaging/protocol.ts';
import { t, type MessageKey } from '../i18n/t.ts';
import { TextImport } from './text-import.tsx';

type Draft = Record<SettingKey, string>;

const FIELDS: readonly { readonly key: Exclude<SettingKey, 'awsMetadataXml'>; readonly label: MessageKey; readonly hint: MessageKey; readonly multiline?: boolean; readonly placeholder?: string }[] = [
  { key: 'telephonyProviderSettingsUrl', label: 'settingLink', hint: 'settingLinkHint', placeholder: 'https://…my.salesforce.com/idp/login?app=0sp…' },
  { key: 'expectedIssuer', label: 'settingIssuer', hint: 'settingIssuerHint', placeholder: 'https://…my.salesforce.com' },
  { key: 'expectedCertificateFingerprints', label: 'settingFingerprints', hint: 'settingFingerprintsHint', multiline: true },
  { key: 'region', label: 'settingRegion', hint: 'settingRegionHint', placeholder: 'eu-central-1' },
  { key: 'connectInstanceId', label: 'settingInstance', hint: 'settingInstanceHint' },
  { key: 'connectUsernameFormat', label: 'settingUsernameFormat', hint: 'settingUsernameFormatHint', placeholder: '{UserId}@{OrgId}' },
];

/** Settings as editable strings (fingerprints one per line). */
export function settingsToDraft(values: Settings): Draft {
  return {
    telephonyProviderSettingsUrl: values.telephonyProviderSettingsUrl ?? '',
    expectedIssuer: values.expectedIssuer ?? '',
    expectedCertificateFingerprints: (values.expectedCertificateFingerprints ?? []).join('\n'),
    awsMetadataXml: values.awsMetadataXml ?? '',
    region: values.region ?? '',
    connectInstanceId: values.connectInstanceId ?? '',
    connectUsernameFormat: values.connectUsernameFormat ?? '',
  };
}

/** Back to `Settings`: empty fields are left out, managed keys are not sent at all. */
export function draftToSettings(draft: Draft, managed: readonly SettingKey[]): Settings {
  const result: { -readonly [K in keyof Settings]: Settings[K] } = {};
  const text = (key: Exclude<SettingKey, 'expectedCertificateFingerprints'>): string | undefined => {
    if (managed.includes(key)) return undefined;
    const value = key === 'awsMetadataXml' ? draft[key] : draft[key].trim();
    return value.trim() === '' ? undefined : value;
  };
  const link = text('telephonyProviderSettingsUrl');
  if (link !== undefined) result.telephonyProviderSettingsUrl = link;
  const issuer = text('expectedIssuer');
  if (issuer !== undefined) result.expectedIssuer = issuer;
  const metadata = text('awsMetadataXml');
  if (metadata !== undefined) result.awsMetadataXml = metadata;
  const region = text('region');
  if (region !== undefined) result.region = region;
  const instance = text('connectInstanceId');
  if (instance !== undefined) result.connectInstanceId = instance;
  const format = text('connectUsernameFormat');
  if (format !== undefined) result.connectUsernameFormat = format;
  if (!managed.includes('expectedCertificateFingerprints')) {
    const fingerprints = draft.expectedCertificateFingerprints
      .split(/[\n,;]+/)
      .map((line) => line.trim())
      .filter((line) => line !== '');
    if (fingerprints.length > 0) result.expectedCertificateFingerprints = fingerprints;
  }
  return result;
}

export interface SettingsFormProps {
  readonly settings: EffectiveSettings;
  readonly onSave: (values: Settings) => void;
  readonly saving: boolean;
  readonly status?: { readonly tone: 'ok' | 'error'; readonly message: string } | undefined;
}

/** Every setting; those set by enterprise policy are shown locked with a note. */
export function SettingsForm({ settings, onSave, saving, status }: SettingsFormProps) {
  const [draft, setDraft] = useState<Draft>(() => settingsToDraft(settings.values));
  const isManaged = (key: SettingKey): boolean => settings.managed.includes(key);
  const update = (key: SettingKey, value: string): void => {
    setDraft((previous) => ({ ...previous, [key]: value }));
  };
  return (
    <form
      className="settings"
      onSubmit={(event) => {
        event.preventDefault();
        onSave(draftToSettings(draft, settings.managed));
      }}
    >
      {FIELDS.map((field) => {
        const managed = isManaged(field.key);
        const id = `setting-${field.key}`;
        const common = {
          id,
          className: 'field__input',
          value: draft[field.key],
          readOnly: managed,
          'aria-describedby': `${id}-hint`,
          placeholder: field.placeholder,
          spellCheck: false,
        };
        return (
          <div key={field.key} className={managed ? 'field field--managed' : 'field'} data-setting={field.key} data-managed={managed}>
            <label htmlFor={id} className="field__label">
              {t(field.label)}
              {managed ? <span className="badge badge--locked">{t('managedBadge')}</span> : null}
            </label>
            {field.multiline === true ? (
              <textarea {...common} rows={3} onChange={(event) => { update(field.key, event.currentTarget.value); }} />
            ) : (
              <input {...common} type="text" onChange={(event) => { update(field.key, event.currentTarget.value); }} />
            )}
            <p id={`${id}-hint`} className="muted">
              {managed ? t('managedNote') : t(field.hint)}
            </p>
          </div>
        );
      })}
      <div className={isManaged('awsMetadataXml') ? 'field field--managed' : 'field'} data-setting="awsMetadataXml" data-managed={isManaged('awsMetadataXml')}>
        {isManaged('awsMetadataXml') ? (
          <>
            <p className="field__label">
              {t('settingMetadata')} <span className="badge badge--locked">{t('managedBadge')}</span>
            </p>
            <p className="muted">{t('managedNote')}</p>
          </>
        ) : (
          <>
            <TextImport
              id="setting-metadata"
              label={t('settingMetadata')}
              hint={t('settingMetadataHint')}
              accept=".xml,application/xml,text/xml"
              onImport={(text) => {
                update('awsMetadataXml', text);
              }}
              status={draft.awsMetadataXml === '' ? undefined : { tone: 'ok', message: t('settingMetadataLoaded', String(draft.awsMetadataXml.length)) }}
            />
            {draft.awsMetadataXml === '' ? null : (
              <button type="button" className="button button--small" onClick={() => { update('awsMetadataXml', ''); }}>
                {t('settingMetadataRemove')}
              </button>
            )}
          </>
        )}
      </div>
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={saving}>
          {t('settingsSave')}
        </button>
        <span className={status?.tone === 'error' ? 'field__error' : 'field__ok'} aria-live="polite">
          {status?.message ?? ''}
        </span>
      </div>
    </form>
  );
}

import { t } from '../i18n/t.ts';

/** Shown before any flow was captured: what this does, that nothing leaves the device, how to start. */
export function EmptyState() {
  return (
    <section className="empty" aria-labelledby="empty-heading">
      <h2 id="empty-heading">{t('emptyHeading')}</h2>
      <p>{t('emptyWhat')}</p>
      <p className="empty__privacy">
        <strong>{t('emptyPrivacyStrong')}</strong> {t('emptyPrivacy')}
      </p>
      <h3>{t('emptyHowHeading')}</h3>
      <ol>
        <li>{t('emptyHowConsole')}</li>
        <li>{t('emptyHowDiagnose')}</li>
      </ol>
    </section>
  );
}

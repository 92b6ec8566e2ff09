import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { USERNAME_FORMAT_PLACEHOLDERS } from '../../core/settings/parse-username-format.ts';
import { activateLocaleFile } from '../i18n/locale-messages.ts';
import { draftToSettings, SettingsForm, settingsToDraft } from './settings-form.tsx';

activateLocaleFile('en');

describe('SettingsForm', () => {
  it('locks policy-managed settings and says why', () => {
    const html = renderToStaticMarkup(
      <SettingsForm settings={{ values: { region: 'eu-central-1', expectedIssuer: 'https://a.my.salesforce.com' }, managed: ['region'] }} onSave={() => undefined} saving={false} />,
    );
    expect(html).toMatch(/data-setting="region" data-managed="true"/);
    expect(html).toMatch(/id="setting-region"[^>]*readOnly=""|readOnly=""[^>]*id="setting-region"/i);
    expect(html).toContain('Set by your organization');
    expect(html).toMatch(/data-setting="expectedIssuer" data-managed="false"/);
  });

  it('names every Connect username format placeholder the diagnosis understands in the hint', () => {
    const html = renderToStaticMarkup(<SettingsForm settings={{ values: {}, managed: [] }} onSave={() => undefined} saving={false} />);
    for (const placeholder of USERNAME_FORMAT_PLACEHOLDERS) expect(html).toContain(`{${placeholder}}`);
  });
});

describe('draftToSettings', () => {
  it('round-trips every setting and splits fingerprints by line', () => {
    const values = {
      telephonyProviderSettingsUrl: 'https://a.my.salesforce.com/idp/login?app=0sp1',
      expectedIssuer: 'https://a.my.salesforce.com',
      expectedCertificateFingerprints: ['AA:BB', 'CC:DD'],
      awsMetadataXml: '<EntityDescriptor/>',
      region: 'eu-central-1',
      connectInstanceId: 'abc',
      connectUsernameFormat: '{UserId}@{OrgId}',
    };
    expect(draftToSettings(settingsToDraft(values), [])).toEqual(values);
  });

  it('never sends managed keys and leaves empty fields out', () => {
    const draft = { ...settingsToDraft({}), region: 'us-east-1', expectedIssuer: '  ' };
    expect(draftToSettings(draft, ['region'])).toEqual({});
  });
});

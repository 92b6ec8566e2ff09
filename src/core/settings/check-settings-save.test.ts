import { describe, expect, it } from 'vitest';
import { checkSettingsSave } from './check-settings-save.ts';

const LINK = 'https://acme.my.salesforce.com/idp/login?app=0spA';

describe('checkSettingsSave', () => {
  it('stores valid, unmanaged settings normalised', () => {
    expect(checkSettingsSave({ telephonyProviderSettingsUrl: ` ${LINK} `, region: 'eu-west-1' }, {})).toEqual({
      ok: true,
      toStore: { telephonyProviderSettingsUrl: LINK, region: 'eu-west-1' },
    });
  });

  it('leaves out a managed key sent back with the policy value', () => {
    expect(checkSettingsSave({ telephonyProviderSettingsUrl: LINK, region: 'eu-west-1' }, { region: 'eu-west-1' })).toEqual({
      ok: true,
      toStore: { telephonyProviderSettingsUrl: LINK },
    });
  });

  it('refuses a different value for a managed key', () => {
    expect(checkSettingsSave({ region: 'us-east-1' }, { region: 'eu-west-1' })).toEqual({ ok: false, code: 'setting-managed', keys: ['region'] });
  });

  it('refuses the whole save when a value is invalid', () => {
    const check = checkSettingsSave({ telephonyProviderSettingsUrl: 'http://acme.my.salesforce.com/idp/login?app=1', region: 'eu-west-1' }, {});
    expect(check).toMatchObject({ ok: false, code: 'invalid-settings', problems: [{ key: 'telephonyProviderSettingsUrl', code: 'link-not-https' }] });
  });
});

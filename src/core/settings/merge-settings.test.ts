import { describe, expect, it } from 'vitest';
import { mergeSettings } from './merge-settings.ts';

const LINK_A = 'https://acme.my.salesforce.com/idp/login?app=0spA';
const LINK_B = 'https://acme.my.salesforce.com/idp/login?app=0spB';

describe('mergeSettings', () => {
  it('lets a policy value win over the local one and reports the key as locked', () => {
    const merged = mergeSettings({ telephonyProviderSettingsUrl: LINK_A, region: 'us-east-1' }, { telephonyProviderSettingsUrl: LINK_B });
    expect(merged.values).toEqual({ telephonyProviderSettingsUrl: LINK_B, region: 'us-east-1' });
    expect(merged.managed).toEqual(['telephonyProviderSettingsUrl']);
  });

  it('uses local values when there is no policy', () => {
    expect(mergeSettings({ region: 'us-west-2' }, {})).toEqual({ values: { region: 'us-west-2' }, managed: [], problems: [] });
    expect(mergeSettings({ region: 'us-west-2' }, undefined).values).toEqual({ region: 'us-west-2' });
  });

  it('keeps a key locked when the policy value is invalid, without falling back to the local value', () => {
    const merged = mergeSettings({ region: 'us-west-2' }, { region: 'mars-1' });
    expect(merged.values).toEqual({});
    expect(merged.managed).toEqual(['region']);
    expect(merged.problems).toEqual([expect.objectContaining({ key: 'region', code: 'region-invalid', source: 'managed' })]);
  });

  it('reports invalid local values as local problems', () => {
    const merged = mergeSettings({ telephonyProviderSettingsUrl: 'ftp://x' }, {});
    expect(merged.problems).toEqual([expect.objectContaining({ key: 'telephonyProviderSettingsUrl', code: 'link-not-https', source: 'local' })]);
  });

  it('does not report an invalid local value that policy overrides anyway', () => {
    expect(mergeSettings({ region: 'bad' }, { region: 'eu-west-1' }).problems).toEqual([]);
  });
});

import type { SettingKey, Settings } from './settings.ts';
import { omitSettings, presentSettingKeys, validateSettings, type SettingProblem } from './validate-settings.ts';

export interface MergedSettings {
  /** What the extension uses: valid policy values, then valid local values for the other keys. */
  readonly values: Settings;
  /** Keys set by enterprise policy. They are locked even when the policy value is invalid. */
  readonly managed: readonly SettingKey[];
  /** Values that were dropped, tagged with where they came from. */
  readonly problems: readonly (SettingProblem & { readonly source: 'managed' | 'local' })[];
}

/**
 * Combines the user's settings (`storage.local`) with enterprise policy (`storage.managed`):
 * policy wins key by key and locks the key. An invalid policy value is dropped and reported but
 * still locks its key, so a user cannot override what the admin meant to enforce. Never throws;
 * both inputs are whatever the storage areas returned.
 */
export function mergeSettings(local: unknown, managed: unknown): MergedSettings {
  const fromPolicy = validateSettings(managed);
  const fromUser = validateSettings(local);
  const lockedKeys = presentSettingKeys(managed);
  return {
    values: { ...omitSettings(fromUser.values, lockedKeys), ...fromPolicy.values },
    managed: lockedKeys,
    problems: [
      ...fromPolicy.problems.map((p) => ({ ...p, source: 'managed' as const })),
      ...fromUser.problems.filter((p) => !lockedKeys.includes(p.key)).map((p) => ({ ...p, source: 'local' as const })),
    ],
  };
}

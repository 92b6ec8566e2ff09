import type { SettingKey, Settings } from './settings.ts';
import { omitSettings, presentSettingKeys, validateSettings, type SettingProblem } from './validate-settings.ts';

export type SettingsSaveCheck =
  | { readonly ok: true; readonly toStore: Settings }
  | { readonly ok: false; readonly code: 'setting-managed'; readonly keys: readonly SettingKey[] }
  | { readonly ok: false; readonly code: 'invalid-settings'; readonly problems: readonly SettingProblem[] };

/**
 * Decides what an options-page save writes to `storage.local` (it replaces the stored settings).
 * A key enterprise policy sets may be sent back unchanged (the page shows it locked) and is then
 * left out; a different value for it is refused. Any invalid value refuses the whole save so the
 * page can show every problem at once.
 */
export function checkSettingsSave(input: unknown, managed: unknown): SettingsSaveCheck {
  const submitted = validateSettings(input);
  if (submitted.problems.length > 0) return { ok: false, code: 'invalid-settings', problems: submitted.problems };
  const policy = validateSettings(managed).values;
  const locked = presentSettingKeys(managed);
  const changed = locked.filter((key) => submitted.values[key] !== undefined && !sameValue(submitted.values[key], policy[key]));
  if (changed.length > 0) return { ok: false, code: 'setting-managed', keys: changed };
  return { ok: true, toStore: omitSettings(submitted.values, locked) };
}

function sameValue(a: Settings[SettingKey], b: Settings[SettingKey]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

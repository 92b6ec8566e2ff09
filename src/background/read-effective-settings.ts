import { mergeSettings, type MergedSettings } from '../core/settings/merge-settings.ts';
import { extensionApi } from '../messaging/extension-api.ts';
import { STORAGE_KEYS } from '../messaging/storage-keys.ts';

/** Local settings merged with enterprise policy (policy wins and locks its keys). */
export async function readEffectiveSettings(): Promise<MergedSettings> {
  const [local, managed] = await Promise.all([readLocalSettings(), readManagedSettings()]);
  return mergeSettings(local, managed);
}

export async function readLocalSettings(): Promise<unknown> {
  return (await extensionApi().storage.local.get(STORAGE_KEYS.settings))[STORAGE_KEYS.settings];
}

/**
 * Enterprise policy. Chrome returns `{}` without a policy; Firefox rejects when no managed storage
 * manifest is installed, which means the same thing.
 */
export async function readManagedSettings(): Promise<unknown> {
  try {
    return await extensionApi().storage.managed.get(null);
  } catch {
    return {};
  }
}

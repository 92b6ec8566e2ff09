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
  // In a fresh worker the first managed-storage read can take seconds (Chrome loads policy); a
  // copy in storage.session, refreshed on every read and on policy change, answers at once.
  const session = extensionApi().storage.session;
  const cached = (await session.get(STORAGE_KEYS.managedCopy))[STORAGE_KEYS.managedCopy];
  const fresh = refreshManagedCopy();
  return cached === undefined ? fresh : cached;
}

/** Reads policy and keeps its copy in storage.session. Called at worker start and on policy change. */
export async function refreshManagedCopy(): Promise<unknown> {
  let managed: unknown;
  try {
    managed = await extensionApi().storage.managed.get(null);
  } catch {
    managed = {};
  }
  await extensionApi().storage.session.set({ [STORAGE_KEYS.managedCopy]: managed });
  return managed;
}

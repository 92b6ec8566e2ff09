import { mergeSettings, type MergedSettings } from '../core/settings/merge-settings.ts';
import { extensionApi } from '../messaging/extension-api.ts';
import { STORAGE_KEYS } from '../messaging/storage-keys.ts';
import { settleWithin } from './settle-within.ts';

/** Local settings merged with enterprise policy (policy wins and locks its keys). */
export async function readEffectiveSettings(): Promise<MergedSettings> {
  const [local, managed] = await Promise.all([readLocalSettings(), readManagedSettings()]);
  return mergeSettings(local, managed);
}

/**
 * How long a diagnosis waits for policy. A fresh Chromium took 2.5–4.9 s to answer the first
 * `storage.managed.get` (bench 6, cold storage note), so 8 s leaves a normal cold start well inside
 * and falls back only when policy hangs (it once did not answer for over 30 s).
 */
export const POLICY_WAIT_MS = 8000;

/** Effective settings for a diagnosis, from local settings alone when policy is late. */
export interface SettingsForDiagnosis {
  readonly settings: MergedSettings;
  /**
   * Set when policy did not answer within the wait: `settings` then hold local settings only, and
   * this settles when the policy read does (its copy is stored in storage.session by then).
   */
  readonly policyPending?: Promise<unknown>;
}

/** `readEffectiveSettings` that never waits longer than `waitMs` for policy. */
export async function readSettingsForDiagnosis(waitMs: number = POLICY_WAIT_MS): Promise<SettingsForDiagnosis> {
  const managedRead = readManagedSettings();
  const [local, managed] = await Promise.all([readLocalSettings(), settleWithin(managedRead, waitMs)]);
  if (managed.settled) return { settings: mergeSettings(local, managed.value) };
  return { settings: mergeSettings(local, undefined), policyPending: managedRead };
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

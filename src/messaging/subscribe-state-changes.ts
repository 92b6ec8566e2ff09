import { extensionApi } from './extension-api.ts';
import { STORAGE_KEYS } from './storage-keys.ts';

/**
 * Calls `listener` whenever something `getState` returns may have changed: a captured flow or its
 * diagnosis, the guided run, local settings or enterprise policy. Pages re-read the state with
 * `sendMessage('getState')` then. Returns the unsubscribe function.
 */
export function subscribeStateChanges(listener: () => void): () => void {
  const api = extensionApi();
  const onChanged = (changes: Record<string, unknown>, areaName: string): void => {
    const keys = Object.keys(changes);
    const relevant =
      areaName === 'managed' ||
      (areaName === 'session' && keys.some((key) => key === STORAGE_KEYS.capture || key === STORAGE_KEYS.guided || key.startsWith(STORAGE_KEYS.captureFlowPrefix))) ||
      (areaName === 'local' && keys.includes(STORAGE_KEYS.settings));
    if (relevant) listener();
  };
  api.storage.onChanged.addListener(onChanged);
  return () => {
    api.storage.onChanged.removeListener(onChanged);
  };
}

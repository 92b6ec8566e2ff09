import type { Page } from '@playwright/test';
import type { CaptureState } from '../../src/core/flow/apply-capture-event.ts';
import { STORAGE_KEYS } from '../../src/messaging/storage-keys.ts';

/**
 * The capture state as the worker stored it, read straight from `storage.session` by an extension
 * page (a message would wake the worker): the index of flow ids under `capture`, each flow under
 * its own key (src/background/capture-layout.ts). Undefined before anything was captured.
 */
export async function readStoredCapture(page: Page): Promise<CaptureState | undefined> {
  return page.evaluate(
    async ({ index, prefix }) => {
      const items = await chrome.storage.session.get(null);
      const ids = (items[index] as { flowIds?: readonly string[] } | undefined)?.flowIds;
      return ids === undefined ? undefined : { flows: ids.map((id) => items[`${prefix}${id}`] as CaptureState['flows'][number]) };
    },
    { index: STORAGE_KEYS.capture, prefix: STORAGE_KEYS.captureFlowPrefix },
  );
}

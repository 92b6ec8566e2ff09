import type { CDPSession, Page } from '@playwright/test';

type RunningStatus = 'stopped' | 'starting' | 'running' | 'stopping';

interface VersionUpdate {
  readonly versions: readonly { readonly scriptURL: string; readonly runningStatus: RunningStatus }[];
}

/** The extension's service worker as DevTools' ServiceWorker domain sees it, with a way to stop it. */
export interface WorkerLifecycle {
  /** Stops the worker (like Chrome does after 30 s idle) and waits until it is stopped. */
  stop(): Promise<void>;
  /** How many times the worker went from stopped to running again. */
  readonly restarts: number;
  readonly status: RunningStatus | undefined;
  dispose(): Promise<void>;
}

/**
 * Watches the worker from an extension page's DevTools session (same origin, so the domain sees
 * the extension's registration). Pick a page that does not poll the worker (the options page): a
 * page that messages the worker would wake it up itself.
 */
export async function watchWorker(extensionPage: Page): Promise<WorkerLifecycle> {
  const session: CDPSession = await extensionPage.context().newCDPSession(extensionPage);
  let status: RunningStatus | undefined;
  let restarts = 0;
  let waiters: (() => void)[] = [];
  session.on('ServiceWorker.workerVersionUpdated', (event: VersionUpdate) => {
    const version = event.versions.find((v) => v.scriptURL.startsWith('chrome-extension://'));
    if (version === undefined) return;
    if (status === 'stopped' && version.runningStatus !== 'stopped') restarts += 1;
    status = version.runningStatus;
    const notify = waiters;
    waiters = [];
    for (const w of notify) w();
  });
  await session.send('ServiceWorker.enable');
  const changed = (): Promise<void> => new Promise((resolve) => waiters.push(resolve));
  return {
    async stop() {
      await session.send('ServiceWorker.stopAllWorkers');
      const deadline = Date.now() + 10_000;
      while (status !== 'stopped') {
        if (Date.now() > deadline) throw new Error(`The worker did not stop (status ${String(status)}).`);
        await Promise.race([changed(), new Promise((r) => setTimeout(r, 200))]);
      }
    },
    get restarts() {
      return restarts;
    },
    get status() {
      return status;
    },
    async dispose() {
      await session.detach().catch(() => undefined);
    },
  };
}

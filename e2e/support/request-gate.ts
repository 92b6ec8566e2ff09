import type { BrowserContext, Route } from '@playwright/test';

/** Holds the first request that matches until released; later matches pass straight through. */
export interface RequestGate {
  /** Resolves when the browser has sent the held request (the extension has seen it start). */
  readonly arrived: Promise<void>;
  release(): void;
  dispose(): Promise<void>;
}

/**
 * Pauses one request of the real flow with Playwright routing (DevTools Fetch), then lets it go on
 * to the lab unchanged. The extension's `webRequest.onBeforeRequest` has already fired for it
 * (observed: a gated SAML POST is stored as a running hop), so a gate sits between two hops.
 */
export async function gateRequest(context: BrowserContext, matches: (url: URL, method: string) => boolean): Promise<RequestGate> {
  let signal!: () => void;
  const arrived = new Promise<void>((resolve) => {
    signal = resolve;
  });
  let open!: () => void;
  const released = new Promise<void>((resolve) => {
    open = resolve;
  });
  let held = false;
  const predicate = (url: URL): boolean => url.protocol === 'https:';
  const handler = async (route: Route): Promise<void> => {
    const request = route.request();
    if (!held && matches(new URL(request.url()), request.method())) {
      held = true;
      signal();
      await released;
    }
    // Fallback, not continue: another gate registered earlier may be waiting for this request.
    await route.fallback().catch(() => undefined); // the page may have gone away meanwhile
  };
  await context.route(predicate, handler);
  return {
    arrived,
    release: open,
    async dispose() {
      open();
      await context.unroute(predicate, handler);
    },
  };
}

export const isIdpLogin = (url: URL): boolean => url.hostname.endsWith('.my.salesforce.com') && url.pathname === '/idp/login';
export const isSamlPost = (url: URL, method: string): boolean => url.hostname.endsWith('signin.aws.amazon.com') && url.pathname === '/saml' && method === 'POST';
export const isConnectFederate = (url: URL): boolean => url.hostname.endsWith('.console.aws.amazon.com') && url.pathname.startsWith('/connect/federate/');

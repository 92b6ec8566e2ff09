import type { BrowserContext, CDPSession, Page, Request } from '@playwright/test';
import type { LabRequest } from '../../lab/start-lab.ts';

/** Who made a request, as far as the browser tells. */
export type RequestSource = 'extension-worker' | 'extension-page' | 'web-page' | 'other-worker';

export interface ObservedRequest {
  readonly url: string;
  readonly method: string;
  readonly resourceType: string;
  readonly navigation: boolean;
  readonly source: RequestSource;
  /** URL of the document or worker the request came from (for a navigation: the frame's URL before it). */
  readonly from: string;
  /** Epoch ms when Playwright reported it. */
  readonly at: number;
}

/** A request a page's DevTools Network domain attributed to an extension script (content script or extension page). */
export interface InitiatedRequest {
  readonly url: string;
  readonly initiator: string;
  readonly pageUrl: string;
  readonly at: number;
}

export interface EgressViolation {
  readonly rule: string;
  readonly url: string;
  readonly detail: string;
}

export interface EgressCheck {
  /** Only requests from this time on (epoch ms). */
  readonly since?: number;
  /** Host patterns (`*.example.com` allowed) a web page may navigate to. */
  readonly navigationHosts?: readonly string[];
  /**
   * URLs the lab may serve although no page reported the request: the first navigation of a tab
   * the extension opened (Diagnose opens the configured link; Playwright attaches to such a tab
   * only after that request has left). GET only.
   */
  readonly openedByDiagnose?: readonly string[];
}

export interface EgressRecorder {
  readonly requests: readonly ObservedRequest[];
  readonly initiated: readonly InitiatedRequest[];
  /**
   * Requests the extension made on its own since `since` (epoch ms), by five rules: (1) from its
   * service worker or (2) its pages to anything but its own files; (3) a page request DevTools
   * attributes to an extension script; (4) a web page loading anything but documents and its
   * favicon (the lab's pages have no subresources, so a content script's fetch shows up here);
   * (5) a request the lab served that no web page made (except the link Diagnose opens).
   */
  violations(labLog: readonly LabRequest[], check?: EgressCheck): EgressViolation[];
  dispose(): void;
}

/** Schemes that never leave the browser. */
const LOCAL_SCHEMES = new Set(['chrome-extension:', 'data:', 'blob:', 'about:', 'chrome:', 'devtools:', 'chrome-untrusted:']);

export function leavesBrowser(url: string): boolean {
  try {
    return !LOCAL_SCHEMES.has(new URL(url).protocol);
  } catch {
    return true;
  }
}

function sourceOf(request: Request): { source: RequestSource; from: string } {
  const worker = request.serviceWorker();
  if (worker !== null) return { source: worker.url().startsWith('chrome-extension://') ? 'extension-worker' : 'other-worker', from: worker.url() };
  let from = '';
  try {
    from = request.frame().url();
  } catch {
    // A navigation reported before its frame exists (a new tab): a page, not the extension.
  }
  return { source: from.startsWith('chrome-extension://') ? 'extension-page' : 'web-page', from };
}

/** Lab hosts a web page may navigate to, from the host-resolver rules' MAP entries. */
export function hostsAllowedByRules(hostResolverRules: string): string[] {
  return [...hostResolverRules.matchAll(/MAP (\S+) 127\.0\.0\.1:\d+/g)].flatMap((m) => (m[1] === undefined ? [] : [m[1]]));
}

function hostMatches(host: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => (p.startsWith('*.') ? host.endsWith(p.slice(1)) : host === p));
}

interface CdpRequestWillBeSent {
  readonly request: { readonly url: string };
  readonly initiator: { readonly url?: string; readonly stack?: CdpStack };
  readonly documentURL?: string;
}
interface CdpStack {
  readonly callFrames: readonly { readonly url: string }[];
  readonly parent?: CdpStack;
}

function extensionScriptIn(initiator: CdpRequestWillBeSent['initiator']): string | undefined {
  if (initiator.url?.startsWith('chrome-extension://') === true) return initiator.url;
  for (let stack = initiator.stack, depth = 0; stack !== undefined && depth < 20; stack = stack.parent, depth += 1) {
    const frame = stack.callFrames.find((f) => f.url.startsWith('chrome-extension://'));
    if (frame !== undefined) return frame.url;
  }
  return undefined;
}

/**
 * Records every request the browser reports: Playwright's context `request` events (pages, and
 * the extension's service worker, whose target Playwright watches with the CDP Network domain),
 * plus a CDP Network listener on every page for the initiator (a content script's fetch carries
 * its chrome-extension:// script in the initiator stack).
 */
export function recordEgress(context: BrowserContext): EgressRecorder {
  const requests: ObservedRequest[] = [];
  const initiated: InitiatedRequest[] = [];
  const sessions: CDPSession[] = [];
  const onRequest = (request: Request): void => {
    requests.push({ url: request.url(), method: request.method(), resourceType: request.resourceType(), navigation: request.isNavigationRequest(), ...sourceOf(request), at: Date.now() });
  };
  const onPage = (page: Page): void => {
    void context
      .newCDPSession(page)
      .then(async (session) => {
        sessions.push(session);
        session.on('Network.requestWillBeSent', (event: CdpRequestWillBeSent) => {
          const script = extensionScriptIn(event.initiator);
          if (script !== undefined) initiated.push({ url: event.request.url, initiator: script, pageUrl: event.documentURL ?? page.url(), at: Date.now() });
        });
        await session.send('Network.enable');
      })
      .catch(() => {
        // The page closed before DevTools attached: it made no request worth recording.
      });
  };
  context.on('request', onRequest);
  context.on('page', onPage);
  context.pages().forEach(onPage);

  return {
    requests,
    initiated,
    violations(labLog, { since = 0, navigationHosts: allowedNavigationHosts = [], openedByDiagnose = [] } = {}) {
      const recent = requests.filter((r) => r.at >= since);
      const found: EgressViolation[] = [];
      for (const r of recent) {
        if (!leavesBrowser(r.url)) continue;
        if (r.source === 'extension-worker') found.push({ rule: 'service worker request', url: r.url, detail: `${r.method} from ${r.from}` });
        else if (r.source === 'extension-page') found.push({ rule: 'extension page request', url: r.url, detail: `${r.method} ${r.resourceType} from ${r.from}` });
        else if (r.source === 'web-page' && !r.navigation && new URL(r.url).pathname !== '/favicon.ico') {
          found.push({ rule: 'subresource on a lab page (lab pages have none)', url: r.url, detail: `${r.method} ${r.resourceType} from ${r.from}` });
        } else if (r.source === 'web-page' && r.navigation && allowedNavigationHosts.length > 0 && !hostMatches(new URL(r.url).hostname, allowedNavigationHosts)) {
          found.push({ rule: 'navigation outside the lab', url: r.url, detail: `${r.method} from ${r.from}` });
        }
      }
      for (const i of initiated.filter((x) => x.at >= since && leavesBrowser(x.url))) {
        found.push({ rule: 'initiated by an extension script', url: i.url, detail: `${i.initiator} on ${i.pageUrl}` });
      }
      // Every request the lab served in the window must be one a web page made (count by method + URL).
      const made = new Map<string, number>();
      for (const r of recent) {
        if (r.source !== 'web-page' || !leavesBrowser(r.url)) continue;
        const url = new URL(r.url);
        const key = `${r.method} ${url.hostname}${url.pathname}${url.search}`;
        made.set(key, (made.get(key) ?? 0) + 1);
      }
      for (const l of labLog) {
        if (l.time < since || l.path === '/favicon.ico') continue; // favicon: the browser's own fetch, not a page's
        const key = `${l.method} ${l.host}${l.path}`;
        const left = made.get(key) ?? 0;
        if (left > 0) made.set(key, left - 1);
        else if (l.method === 'GET' && openedByDiagnose.includes(`https://${l.host}${l.path}`)) continue;
        else found.push({ rule: 'lab request no web page made', url: `https://${l.host}${l.path}`, detail: l.method });
      }
      return found;
    },
    dispose() {
      context.off('request', onRequest);
      context.off('page', onPage);
      for (const s of sessions) void s.detach().catch(() => undefined);
    },
  };
}

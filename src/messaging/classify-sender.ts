/** What the router knows about this extension, read once per message from `runtime`. */
export interface ExtensionIdentity {
  readonly extensionId: string;
  /** `chrome-extension://<id>/` or `moz-extension://<uuid>/` (runtime.getURL('')). */
  readonly extensionOrigin: string;
  /** The content scripts' `matches` from the manifest: the only pages that may report. */
  readonly contentScriptMatches: readonly string[];
}

/** The parts of `runtime.MessageSender` the decision needs. */
export interface SenderFacts {
  readonly id?: string | undefined;
  readonly url?: string | undefined;
  readonly tabId?: number | undefined;
  readonly frameId?: number | undefined;
}

export type SenderKind =
  | { readonly kind: 'extension-page' }
  | { readonly kind: 'content-script'; readonly tabId: number; readonly frameId: number; readonly url: string };

/**
 * Decides who sent a message. An extension page is one of our own documents (popup, options,
 * report), in a tab or not. A content script is ours (same extension id), runs in a tab, on a page
 * whose URL one of our content script match patterns covers. Anything else (other extensions, web
 * pages through `externally_connectable`, our script on a page it should not be on) is undefined:
 * the router refuses it (fails closed).
 */
export function classifySender(sender: SenderFacts, identity: ExtensionIdentity): SenderKind | undefined {
  if (sender.id !== identity.extensionId || sender.url === undefined) return undefined;
  if (sender.url.startsWith(identity.extensionOrigin)) return { kind: 'extension-page' };
  if (sender.tabId === undefined || sender.tabId < 0) return undefined;
  if (!identity.contentScriptMatches.some((pattern) => matchesPattern(sender.url ?? '', pattern))) return undefined;
  return { kind: 'content-script', tabId: sender.tabId, frameId: sender.frameId ?? 0, url: sender.url };
}

/**
 * WebExtension match patterns of the form the manifest uses (`https://*.example.com/*`): scheme,
 * host with an optional `*.` prefix (which also matches the bare domain), and a path glob.
 */
export function matchesPattern(url: string, pattern: string): boolean {
  const parts = /^(https?|\*):\/\/(\*|(?:\*\.)?[^/*]+)(\/.*)$/.exec(pattern);
  if (parts === null) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const [, scheme = '', host = '', path = ''] = parts;
  const protocol = parsed.protocol.slice(0, -1);
  if (scheme === '*' ? protocol !== 'http' && protocol !== 'https' : protocol !== scheme) return false;
  const hostname = parsed.hostname.toLowerCase();
  if (host !== '*') {
    const base = host.startsWith('*.') ? host.slice(2) : host;
    const hostMatches = hostname === base || (host.startsWith('*.') && hostname.endsWith(`.${base}`));
    if (!hostMatches) return false;
  }
  const pathGlob = new RegExp(`^${path.split('*').map(escapeRegExp).join('.*')}$`);
  return pathGlob.test(parsed.pathname + parsed.search);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

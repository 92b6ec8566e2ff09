import { request as httpsRequest } from 'node:https';

/** One request the walker made, as a browser's network log would show it. */
export interface FlowStep {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly status: number;
  readonly location: string | undefined;
  readonly dateHeader: string | undefined;
  /** Form fields sent with a POST. */
  readonly form: Readonly<Record<string, string>> | undefined;
}

export type FlowEnd =
  | { readonly kind: 'page'; readonly url: string; readonly status: number; readonly html: string; readonly text: string }
  | { readonly kind: 'unresolvable'; readonly url: string; readonly host: string };

export interface FlowWalk {
  readonly steps: readonly FlowStep[];
  readonly end: FlowEnd;
}

export interface WalkTarget {
  readonly port: number;
  /** The lab's `--host-resolver-rules`, interpreted the way Chromium does for the rules the lab uses. */
  readonly hostResolverRules: string;
}

interface Cookie {
  readonly name: string;
  readonly value: string;
  /** Host the cookie was set by, or `.domain` for a Domain cookie. */
  readonly scope: string;
}

function resolves(rules: string, host: string): boolean {
  for (const rule of rules.split(',').map((r) => r.trim())) {
    const [verb, pattern, target] = rule.split(/\s+/);
    if (verb !== 'MAP' || pattern === undefined) continue;
    const regex = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    if (regex.test(host)) return target !== '~NOTFOUND';
  }
  return true;
}

function cookieMatches(cookie: Cookie, host: string): boolean {
  return cookie.scope.startsWith('.') ? host === cookie.scope.slice(1) || host.endsWith(cookie.scope) : host === cookie.scope;
}

function decodeEntities(text: string): string {
  return text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');
}

function pageText(html: string): string {
  const body = /<body>([\s\S]*)<\/body>/.exec(html)?.[1] ?? html;
  return decodeEntities(body.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

/** The auto-posting form of an HTTP-POST binding page, if the page is one. */
function autoPostForm(html: string): { action: string; fields: Record<string, string> } | undefined {
  if (!html.includes('document.forms[0].submit()')) return undefined;
  const action = /<form method="POST" action="([^"]*)">/.exec(html)?.[1];
  if (action === undefined) return undefined;
  const fields: Record<string, string> = {};
  for (const input of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    if (input[1] !== undefined && input[2] !== undefined) fields[decodeEntities(input[1])] = decodeEntities(input[2]);
  }
  return { action: decodeEntities(action), fields };
}

interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

function send(target: WalkTarget, method: 'GET' | 'POST', url: URL, cookies: readonly Cookie[], body: string | undefined): Promise<RawResponse> {
  const cookieHeader = cookies
    .filter((c) => cookieMatches(c, url.hostname))
    .map((c) => `${c.name}=${c.value}`)
    .join('; ');
  return new Promise((resolve, reject) => {
    const outgoing = httpsRequest(
      {
        host: '127.0.0.1',
        port: target.port,
        method,
        path: url.pathname + url.search,
        servername: url.hostname,
        rejectUnauthorized: false,
        agent: false,
        headers: {
          Host: url.hostname,
          ...(cookieHeader === '' ? {} : { Cookie: cookieHeader }),
          ...(body === undefined ? {} : { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) }),
        },
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => {
          resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(chunks).toString('utf8') });
        });
        incoming.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

function storeCookies(jar: Cookie[], header: string | string[] | undefined, host: string): void {
  for (const line of header === undefined ? [] : Array.isArray(header) ? header : [header]) {
    const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
    const [name = '', ...value] = pair.split('=');
    const domain = attributes.find((a) => a.toLowerCase().startsWith('domain='))?.slice('domain='.length);
    const scope = domain === undefined ? host : `.${domain.replace(/^\./, '')}`;
    const kept = jar.filter((c) => !(c.name === name && c.scope === scope));
    jar.splice(0, jar.length, ...kept, { name, value: value.join('='), scope });
  }
}

/**
 * Follows a flow through the lab the way a browser would: redirects, cookies, and the
 * auto-submitting SAML form. Hosts the resolver rules do not map end the walk as unresolvable,
 * where Chromium would report `net::ERR_NAME_NOT_RESOLVED`.
 */
export async function walkFlow(target: WalkTarget, startUrl: string, maxSteps = 12): Promise<FlowWalk> {
  const steps: FlowStep[] = [];
  const jar: Cookie[] = [];
  let next: { method: 'GET' | 'POST'; url: URL; form: Record<string, string> | undefined } = { method: 'GET', url: new URL(startUrl), form: undefined };
  for (let i = 0; i < maxSteps; i += 1) {
    const { method, url, form } = next;
    if (!resolves(target.hostResolverRules, url.hostname)) {
      return { steps, end: { kind: 'unresolvable', url: url.toString(), host: url.hostname } };
    }
    const body = form === undefined ? undefined : new URLSearchParams(form).toString();
    const response = await send(target, method, url, jar, body);
    storeCookies(jar, response.headers['set-cookie'], url.hostname);
    const location = typeof response.headers['location'] === 'string' ? response.headers['location'] : undefined;
    const dateHeader = typeof response.headers['date'] === 'string' ? response.headers['date'] : undefined;
    steps.push({ method, url: url.toString(), status: response.status, location, dateHeader, form });
    if (response.status >= 300 && response.status < 400 && location !== undefined) {
      next = { method: 'GET', url: new URL(location, url), form: undefined };
      continue;
    }
    const post = autoPostForm(response.body);
    if (post !== undefined) {
      next = { method: 'POST', url: new URL(post.action, url), form: post.fields };
      continue;
    }
    return { steps, end: { kind: 'page', url: url.toString(), status: response.status, html: response.body, text: pageText(response.body) } };
  }
  throw new Error(`the flow from ${startUrl} did not end within ${maxSteps} steps`);
}

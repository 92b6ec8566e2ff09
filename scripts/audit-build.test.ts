/**
 * Permission and code audit of the BUILT extension (dist/chrome, dist/firefox): what a store
 * reviewer or a security team checks, as a test. Run by `npm run test:audit` after `npm run build`
 * (vitest.audit.config.ts sets SSO_DOCTOR_AUDIT); skipped in the plain unit run, which comes before
 * the build and could only see a stale dist/.
 *
 * 1. The manifests request exactly the documented permissions and hosts (manifest.config.ts's
 *    HOST_PERMISSIONS; every permission justified in SECURITY.md, extras also in the README), never
 *    `<all_urls>` or a catch-all pattern; no optional permissions, no externally_connectable.
 * 2. The extension-page CSP forbids remote and dynamic code (`script-src 'self'`, no eval).
 * 3. The bundles contain no eval / new Function / string timers, load no script from the network,
 *    and make no network request of their own (fetch, XMLHttpRequest, WebSocket, sendBeacon,
 *    EventSource) — checked as call patterns, so documentation links in strings are fine.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOST_PERMISSIONS, buildManifest, type TargetBrowser } from '../manifest.config.ts';
import { REPO_ROOT } from '../src/testing/repo-files.ts';

/** The API permissions the design allows (DESIGN.md: webRequest capture, storage.session store). */
const BASELINE_PERMISSIONS = ['webRequest', 'storage'] as const;
const BROWSERS: readonly TargetBrowser[] = ['chrome', 'firefox'];
const AUDIT = process.env['SSO_DOCTOR_AUDIT'] === '1';

interface Manifest {
  readonly manifest_version?: number;
  readonly permissions?: readonly string[];
  readonly optional_permissions?: readonly string[];
  readonly host_permissions?: readonly string[];
  readonly optional_host_permissions?: readonly string[];
  readonly externally_connectable?: unknown;
  readonly content_scripts?: readonly { readonly matches?: readonly string[]; readonly js?: readonly string[]; readonly css?: readonly string[] }[];
  readonly web_accessible_resources?: readonly { readonly matches?: readonly string[]; readonly resources?: readonly string[] }[];
  readonly content_security_policy?: Readonly<Record<string, string>>;
  readonly background?: { readonly service_worker?: string; readonly scripts?: readonly string[] };
  readonly action?: { readonly default_popup?: string };
  readonly options_ui?: { readonly page?: string };
  readonly browser_specific_settings?: unknown;
}

function distDir(browser: TargetBrowser): string {
  return join(REPO_ROOT, 'dist', browser);
}

function readManifest(browser: TargetBrowser): Manifest {
  return JSON.parse(readFileSync(join(distDir(browser), 'manifest.json'), 'utf8')) as Manifest;
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length > 0) {
    const current = stack.pop() ?? dir;
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) stack.push(path);
      else out.push(path);
    }
  }
  return out.sort();
}

/** Every match pattern anywhere in the manifest (permissions, content scripts, exposed resources). */
function allMatchPatterns(manifest: Manifest): string[] {
  return [
    ...(manifest.host_permissions ?? []),
    ...(manifest.optional_host_permissions ?? []),
    ...(manifest.content_scripts ?? []).flatMap((script) => script.matches ?? []),
    ...(manifest.web_accessible_resources ?? []).flatMap((resource) => resource.matches ?? []),
  ];
}

/** Directives of a CSP string: `script-src 'self'` → { 'script-src': ["'self'"] }. */
function parseCsp(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name !== undefined && name !== '') directives.set(name.toLowerCase(), values);
  }
  return directives;
}

// ---------------------------------------------------------------------------------------------
// Bundles: which JS files each entry point loads (by file name references, transitively)

interface Bundle {
  readonly name: string;
  readonly files: readonly string[];
}

function bundlesOf(browser: TargetBrowser, manifest: Manifest): Bundle[] {
  const dir = distDir(browser);
  const all = filesUnder(dir);
  const scripts = all.filter((file) => file.endsWith('.js') || file.endsWith('.mjs'));
  const text = new Map(all.filter((file) => /\.(m?js|html)$/.test(file)).map((file) => [file, readFileSync(file, 'utf8')]));
  const closure = (entries: readonly string[]): string[] => {
    const seen = new Set<string>();
    const queue = entries.map((entry) => join(dir, entry.replace(/^\//, ''))).filter((file) => existsSync(file));
    while (queue.length > 0) {
      const file = queue.pop() ?? '';
      if (seen.has(file)) continue;
      seen.add(file);
      const body = text.get(file) ?? '';
      for (const candidate of scripts) if (!seen.has(candidate) && body.includes(basename(candidate))) queue.push(candidate);
    }
    return [...seen].filter((file) => /\.m?js$/.test(file) || file.endsWith('.html'));
  };
  const pages = all.filter((file) => file.endsWith('.html')).map((file) => relative(dir, file));
  return [
    { name: 'background worker', files: closure([manifest.background?.service_worker ?? '', ...(manifest.background?.scripts ?? [])].filter((entry) => entry !== '')) },
    { name: 'content scripts', files: closure([...(manifest.content_scripts ?? []).flatMap((script) => script.js ?? []), ...(manifest.web_accessible_resources ?? []).flatMap((r) => r.resources ?? [])]) },
    { name: 'extension pages (popup, options, report)', files: closure(pages) },
  ];
}

interface CodePattern {
  readonly what: string;
  readonly pattern: RegExp;
}

/** Dynamic code: CSP blocks it in pages, but the worker and content scripts must not carry it either. */
const DYNAMIC_CODE: readonly CodePattern[] = [
  { what: 'eval(', pattern: /(?<![\w$])eval\s*\(/g },
  { what: 'new Function(', pattern: /\bnew\s+Function\s*\(/g },
  { what: 'Function( called as a constructor', pattern: /(?<![\w$.])(?<!new\s+)Function\s*\(\s*["'`]/g },
  { what: 'setTimeout/setInterval with a code string', pattern: /\bset(?:Timeout|Interval)\s*\(\s*["'`]/g },
];

/** Loading code from the network at runtime. */
const REMOTE_CODE: readonly CodePattern[] = [
  { what: 'import() of a remote URL', pattern: /\bimport\s*\(\s*["'`](?:https?:)?\/\//g },
  { what: 'static import of a remote URL', pattern: /\bfrom\s*["'`](?:https?:)?\/\//g },
  { what: 'importScripts', pattern: /\bimportScripts\s*\(/g },
  { what: 'script src set to a remote URL', pattern: /\.src\s*=\s*["'`](?:https?:)?\/\//g },
  { what: 'Worker from a remote URL', pattern: /\bnew\s+(?:Shared)?Worker\s*\(\s*["'`](?:https?:)?\/\//g },
  { what: '<script src> pointing off the extension', pattern: /<script[^>]*\bsrc\s*=\s*["']?(?:https?:)?\/\//gi },
  { what: 'stylesheet or font from the network', pattern: /(?:@import\s+(?:url\()?\s*["']?|url\(\s*["']?)(?:https?:)?\/\//gi },
];

/** Network requests of our own. */
const NETWORK_CALLS: readonly CodePattern[] = [
  { what: 'fetch(', pattern: /(?<![\w$])fetch\s*\(/g },
  { what: 'XMLHttpRequest', pattern: /\bXMLHttpRequest\b/g },
  { what: 'new WebSocket(', pattern: /\bnew\s+WebSocket\s*\(/g },
  { what: 'sendBeacon(', pattern: /\bsendBeacon\s*\(/g },
  { what: 'new EventSource(', pattern: /\bnew\s+EventSource\s*\(/g },
  { what: 'RTCPeerConnection', pattern: /\bnew\s+RTCPeerConnection\s*\(/g },
];

/**
 * The one `fetch(` the page bundles may hold: Vite's modulepreload polyfill, which fetches
 * `<link rel="modulepreload">` hrefs — our own chunks, same extension origin — to warm the cache.
 * Recognised by its shape (fetch of an element's href, next to the modulepreload selector), so any
 * other fetch still fails the audit. Setting `build.modulePreload: { polyfill: false }` in
 * vite.config.ts (Chrome 116 / Firefox 128 support modulepreload natively) would remove it.
 */
function isModulePreloadPolyfill(body: string, index: number): boolean {
  const call = /^fetch\s*\(\s*[\w$]+\.href\s*,/.test(body.slice(index, index + 40));
  return call && body.slice(Math.max(0, index - 1_500), index).includes('modulepreload');
}

function findings(files: readonly string[], patterns: readonly CodePattern[], allow: (body: string, index: number) => boolean = () => false): string[] {
  const found: string[] = [];
  for (const file of files) {
    const body = readFileSync(file, 'utf8');
    for (const { what, pattern } of patterns) {
      for (const match of body.matchAll(new RegExp(pattern.source, pattern.flags))) {
        if (allow(body, match.index)) continue;
        found.push(`${relative(REPO_ROOT, file)}: ${what} … ${body.slice(Math.max(0, match.index - 40), match.index + 60).replace(/\s+/g, ' ')}`);
      }
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------

const securityText = existsSync(join(REPO_ROOT, 'SECURITY.md')) ? readFileSync(join(REPO_ROOT, 'SECURITY.md'), 'utf8') : '';
const readmeText = existsSync(join(REPO_ROOT, 'README.md')) ? readFileSync(join(REPO_ROOT, 'README.md'), 'utf8') : '';

describe.skipIf(!AUDIT)('audit of the built extension (npm run test:audit, after npm run build)', () => {
  it('justifies every baseline permission and host pattern in SECURITY.md', () => {
    for (const permission of BASELINE_PERMISSIONS) expect(securityText, `SECURITY.md must justify \`${permission}\``).toContain(`\`${permission}\``);
    for (const host of HOST_PERMISSIONS) expect(securityText, `SECURITY.md must list ${host}`).toContain(`\`${host}\``);
  });

  for (const browser of BROWSERS) {
    describe(`dist/${browser}`, () => {
      const present = existsSync(join(distDir(browser), 'manifest.json'));

      it('was built', () => {
        expect(present, `run npm run build first: dist/${browser}/manifest.json is missing`).toBe(true);
      });

      describe.skipIf(!present)('manifest', () => {
        const manifest = present ? readManifest(browser) : {};
        const source = buildManifest(browser);

        it('is Manifest V3 built from manifest.config.ts (same permissions and hosts as the source)', () => {
          expect(manifest.manifest_version).toBe(3);
          expect([...(manifest.permissions ?? [])].sort()).toEqual([...source.permissions].sort());
          expect([...(manifest.host_permissions ?? [])].sort()).toEqual([...source.host_permissions].sort());
        });

        it('requests exactly the documented API permissions, each justified (extras also in the README)', () => {
          const requested = manifest.permissions ?? [];
          expect(new Set(requested).size).toBe(requested.length);
          for (const permission of requested) {
            expect(securityText, `SECURITY.md must justify \`${permission}\``).toContain(`\`${permission}\``);
            if (!(BASELINE_PERMISSIONS as readonly string[]).includes(permission)) {
              expect(readmeText, `README.md must justify the extra permission \`${permission}\``).toContain(`\`${permission}\``);
            }
          }
          expect(requested).toEqual(expect.arrayContaining([...BASELINE_PERMISSIONS]));
        });

        it('requests exactly HOST_PERMISSIONS as hosts, and nothing optional', () => {
          expect([...(manifest.host_permissions ?? [])].sort()).toEqual([...HOST_PERMISSIONS].sort());
          expect(manifest.optional_permissions ?? []).toEqual([]);
          expect(manifest.optional_host_permissions ?? []).toEqual([]);
        });

        it('never asks for <all_urls>, a catch-all host, plain http or a wildcard domain', () => {
          const patterns = allMatchPatterns(manifest);
          expect(patterns.length).toBeGreaterThan(0);
          for (const pattern of patterns) {
            expect(pattern).not.toBe('<all_urls>');
            expect(pattern).toMatch(/^https:\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+\/\*$/);
            expect(pattern).not.toMatch(/^https:\/\/\*\.(com|cn|aws|net|org)\/\*$/);
          }
          expect(JSON.stringify(manifest)).not.toContain('<all_urls>');
        });

        it('injects content scripts and exposes resources only on the permitted hosts', () => {
          for (const script of manifest.content_scripts ?? []) {
            for (const match of script.matches ?? []) expect(HOST_PERMISSIONS).toContain(match);
          }
          for (const resource of manifest.web_accessible_resources ?? []) {
            for (const match of resource.matches ?? []) expect(HOST_PERMISSIONS).toContain(match);
            // Only the content script's own module chunks (CRXJS loads content scripts as modules):
            // never an extension page, the stored data or the settings schema.
            for (const file of resource.resources ?? []) expect(file).toMatch(/^assets\/[\w.-]+\.js$/);
          }
        });

        it('lets no web page or other extension message it (no externally_connectable)', () => {
          expect(manifest.externally_connectable).toBeUndefined();
        });

        it('has an extension-page CSP that allows only its own scripts: no remote hosts, no eval, no inline code', () => {
          const policy = manifest.content_security_policy?.['extension_pages'];
          expect(policy).toBeDefined();
          const csp = parseCsp(policy ?? '');
          expect(csp.get('script-src')).toEqual(["'self'"]);
          expect(csp.get('object-src')).toEqual(["'none'"]);
          expect(policy).not.toMatch(/unsafe-eval|unsafe-inline|wasm-unsafe-eval|https?:|\*|data:|blob:/);
          for (const [name, value] of Object.entries(manifest.content_security_policy ?? {})) {
            expect(value, `CSP ${name}`).not.toMatch(/unsafe-eval|https?:\/\//);
          }
        });

        it('points at files that exist in the build (worker, content scripts, pages)', () => {
          const referenced = [
            manifest.background?.service_worker,
            ...(manifest.background?.scripts ?? []),
            ...(manifest.content_scripts ?? []).flatMap((script) => [...(script.js ?? []), ...(script.css ?? [])]),
            manifest.action?.default_popup,
            manifest.options_ui?.page,
          ].filter((file): file is string => file !== undefined);
          expect(referenced.length).toBeGreaterThan(2);
          for (const file of referenced) expect(existsSync(join(distDir(browser), file)), file).toBe(true);
          if (browser === 'firefox') {
            expect(manifest.background?.scripts?.length).toBeGreaterThan(0);
            expect(manifest.browser_specific_settings).toBeDefined();
          } else {
            expect(manifest.background?.service_worker).toBeDefined();
          }
        });
      });

      describe.skipIf(!present)('bundles', () => {
        const manifest = present ? readManifest(browser) : {};
        const bundles = present ? bundlesOf(browser, manifest) : [];
        const everyScript = present ? filesUnder(distDir(browser)).filter((file) => /\.(m?js|html|css)$/.test(file)) : [];

        it('finds the worker, content-script and page bundles', () => {
          for (const bundle of bundles) expect(bundle.files.filter((file) => /\.m?js$/.test(file)).length, bundle.name).toBeGreaterThan(0);
        });

        it('contains no eval, new Function or string timers anywhere', () => {
          expect(findings(everyScript, DYNAMIC_CODE)).toEqual([]);
        });

        it('loads no script, module, stylesheet or font from the network at runtime', () => {
          expect(findings(everyScript, REMOTE_CODE)).toEqual([]);
        });

        for (const bundle of bundles) {
          it(`makes no network request of its own in the ${bundle.name} (fetch, XHR, WebSocket, sendBeacon, EventSource)`, () => {
            const pageBundle = bundle.name.startsWith('extension pages');
            expect(findings(bundle.files, NETWORK_CALLS, pageBundle ? isModulePreloadPolyfill : undefined)).toEqual([]);
          });
        }

        it('keeps documentation links as plain strings: every http(s) URL in code sits in a string, never in a call', () => {
          // URLs are allowed (docs links, namespace URIs); the call patterns above are what matter.
          // This check only proves the audit sees the links, so an over-eager pattern would show up.
          const withUrls = everyScript.filter((file) => /https:\/\/docs\.aws\.amazon\.com/.test(readFileSync(file, 'utf8')));
          expect(withUrls.length).toBeGreaterThan(0);
        });
      });
    });
  }
});

describe('the audit patterns', () => {
  it('flag the constructs they exist for and let documentation strings through', () => {
    const sample = [
      'const a = eval("1");',
      'x = new Function("return 1");',
      'setTimeout("alert(1)", 1);',
      'import("https://cdn.example/x.js");',
      'importScripts("https://cdn.example/w.js");',
      's.src = "https://cdn.example/x.js";',
      'fetch("https://api.example/");',
      'const r = new XMLHttpRequest();',
      'new WebSocket("wss://x");',
      'navigator.sendBeacon("/x", d);',
    ].join('\n');
    const harmless = 'const doc = "see https://docs.aws.amazon.com/IAM/ and wss://x.connect.aws"; obj.evaluate(x); prefetch(y); myeval(z); Function.prototype;';
    const hits = (text: string, patterns: readonly CodePattern[]): number => patterns.reduce((n, { pattern }) => n + [...text.matchAll(new RegExp(pattern.source, pattern.flags))].length, 0);
    expect(hits(sample, DYNAMIC_CODE)).toBe(3);
    expect(hits(sample, REMOTE_CODE)).toBe(3);
    expect(hits(sample, NETWORK_CALLS)).toBe(4);
    expect(hits(harmless, [...DYNAMIC_CODE, ...REMOTE_CODE, ...NETWORK_CALLS])).toBe(0);
  });

  it('allow-lists only the modulepreload polyfill shape of fetch', () => {
    const polyfill = 'document.querySelectorAll(`link[rel="modulepreload"]`);function n(e){if(e.ep)return;e.ep=!0;let n=t(e);fetch(e.href,n)}';
    expect(isModulePreloadPolyfill(polyfill, polyfill.indexOf('fetch('))).toBe(true);
    const other = 'link[rel="modulepreload"]; fetch("https://api.example/collect", {method:"POST"})';
    expect(isModulePreloadPolyfill(other, other.indexOf('fetch('))).toBe(false);
  });
});

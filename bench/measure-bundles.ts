import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

/** One thing the browser starts: the worker, a page, a content script. */
export interface BundleEntry {
  readonly name: string;
  readonly kind: 'service-worker' | 'popup' | 'page' | 'content-script';
  /** Files loaded when it starts (entry files and every static import, transitively), dist-relative. */
  readonly files: readonly BundleFile[];
  /** Chunks only reachable through a dynamic `import()`: loaded later, if ever. */
  readonly lazyFiles: readonly BundleFile[];
  readonly gzipBytes: number;
  readonly rawBytes: number;
  readonly lazyGzipBytes: number;
  /** Files an entry refers to that are not in dist. */
  readonly missing: readonly string[];
}

export interface BundleFile {
  readonly path: string;
  readonly rawBytes: number;
  readonly gzipBytes: number;
}

export interface ModuleSpecifiers {
  /** `import … from "x"`, `import "x"`, `export … from "x"`, and CRXJS loaders' `import(chrome.runtime.getURL("x"))` (always run). */
  readonly eager: readonly string[];
  /** `import("x")` with a string literal: code-split, loaded on demand. */
  readonly lazy: readonly string[];
}

const STATIC_IMPORT = /(?:^|[^\w$.])(?:import|export)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["'`]([^"'`\n]+)["'`]/g;
const COMMENTS = String.raw`(?:\/\*[\s\S]*?\*\/\s*)*`;
const LOADER_IMPORT = new RegExp(String.raw`import\(\s*${COMMENTS}(?:chrome|browser)\.runtime\.getURL\(\s*["'\x60]([^"'\x60\n]+)["'\x60]\s*\)\s*\)`, 'g');
const DYNAMIC_IMPORT = new RegExp(String.raw`import\(\s*${COMMENTS}["'\x60]([^"'\x60\n]+)["'\x60]\s*\)`, 'g');

/** Module specifiers of a built (minified) ES module chunk. */
export function extractModuleSpecifiers(code: string): ModuleSpecifiers {
  const eager = new Set<string>();
  const lazy = new Set<string>();
  for (const match of code.matchAll(STATIC_IMPORT)) eager.add(match[1]!);
  // getURL paths are relative to the extension root, whatever file the loader sits in.
  for (const match of code.matchAll(LOADER_IMPORT)) eager.add(`/${match[1]!.replace(/^\//, '')}`);
  for (const match of code.matchAll(DYNAMIC_IMPORT)) if (!eager.has(match[1]!)) lazy.add(match[1]!);
  return { eager: [...eager], lazy: [...lazy] };
}

/** `<script src>`, `<link rel=modulepreload|stylesheet href>` of a built HTML page. */
export function extractHtmlAssets(html: string): string[] {
  const assets: string[] = [];
  for (const match of html.matchAll(/<script\b[^>]*\bsrc=["']([^"']+)["'][^>]*>/gi)) assets.push(match[1]!);
  for (const match of html.matchAll(/<link\b[^>]*>/gi)) {
    const tag = match[0];
    const rel = /\brel=["']([^"']+)["']/i.exec(tag)?.[1] ?? '';
    const href = /\bhref=["']([^"']+)["']/i.exec(tag)?.[1];
    if (href !== undefined && /\b(modulepreload|stylesheet)\b/i.test(rel)) assets.push(href);
  }
  return assets;
}

/** Dist-relative path of `specifier` seen in `fromFile` (dist-relative; `/x` is the extension root); undefined for bare or remote specifiers. */
export function resolveSpecifier(specifier: string, fromFile: string): string | undefined {
  if (/^[a-z]+:/i.test(specifier)) return undefined;
  const clean = specifier.split(/[?#]/)[0]!;
  if (clean.startsWith('/')) return normalize(clean.slice(1));
  if (clean.startsWith('./') || clean.startsWith('../')) return normalize(join(dirname(fromFile), clean));
  return undefined;
}

interface Manifest {
  readonly background?: { readonly service_worker?: string; readonly scripts?: readonly string[] };
  readonly action?: { readonly default_popup?: string };
  readonly options_ui?: { readonly page?: string };
  readonly content_scripts?: readonly { readonly js?: readonly string[]; readonly css?: readonly string[]; readonly matches?: readonly string[] }[];
}

/**
 * Every entry of a built extension with the gzip size (node:zlib level 9, file by file) of all it
 * loads at start. Follows the manifest: the service worker, the popup and other HTML pages (their
 * scripts, module preloads and stylesheets), each content_scripts entry (its js and css).
 */
export function measureBundles(distDirectory: string, extraPages: readonly string[] = []): BundleEntry[] {
  const manifest = JSON.parse(readFileSync(join(distDirectory, 'manifest.json'), 'utf8')) as Manifest; // -- reason: the built manifest; fields are checked as they are used
  const sizes = new Map<string, BundleFile>();
  const sizeOf = (path: string): BundleFile | undefined => {
    const known = sizes.get(path);
    if (known) return known;
    const absolute = join(distDirectory, path);
    if (!existsSync(absolute)) return undefined;
    const bytes = readFileSync(absolute);
    const file = { path, rawBytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
    sizes.set(path, file);
    return file;
  };
  const entry = (name: string, kind: BundleEntry['kind'], roots: readonly string[]): BundleEntry => {
    const eager = new Set<string>();
    const lazy = new Set<string>();
    const missing = new Set<string>();
    const visit = (path: string, into: Set<string>): void => {
      if (eager.has(path) || into.has(path)) return;
      if (sizeOf(path) === undefined) {
        missing.add(path);
        return;
      }
      into.add(path);
      if (!/\.m?js$/.test(path)) return;
      const specifiers = extractModuleSpecifiers(readFileSync(join(distDirectory, path), 'utf8'));
      for (const specifier of specifiers.eager) {
        const resolved = resolveSpecifier(specifier, path);
        if (resolved !== undefined) visit(resolved, into);
      }
      for (const specifier of specifiers.lazy) {
        const resolved = resolveSpecifier(specifier, path);
        if (resolved !== undefined) visit(resolved, lazy);
      }
    };
    for (const root of roots) visit(normalize(root), eager);
    for (const path of eager) lazy.delete(path);
    const files = [...eager].map((path) => sizeOf(path)!);
    const lazyFiles = [...lazy].map((path) => sizeOf(path)!);
    return {
      name,
      kind,
      files,
      lazyFiles,
      gzipBytes: files.reduce((sum, file) => sum + file.gzipBytes, 0),
      rawBytes: files.reduce((sum, file) => sum + file.rawBytes, 0),
      lazyGzipBytes: lazyFiles.reduce((sum, file) => sum + file.gzipBytes, 0),
      missing: [...missing],
    };
  };
  const pageEntry = (name: string, kind: BundleEntry['kind'], htmlPath: string): BundleEntry => {
    const html = sizeOf(htmlPath) === undefined ? undefined : readFileSync(join(distDirectory, htmlPath), 'utf8');
    if (html === undefined) return entry(name, kind, [htmlPath]);
    const assets = extractHtmlAssets(html).flatMap((asset) => resolveSpecifier(asset, htmlPath) ?? []);
    return entry(name, kind, assets);
  };

  const entries: BundleEntry[] = [];
  const worker = manifest.background?.service_worker;
  const backgroundScripts = worker === undefined ? (manifest.background?.scripts ?? []) : [worker];
  entries.push(entry(`service worker (${backgroundScripts.join(', ') || 'none'})`, 'service-worker', backgroundScripts));
  const popup = manifest.action?.default_popup;
  if (popup !== undefined) entries.push(pageEntry(`popup (${popup})`, 'popup', popup));
  const pages = new Set([manifest.options_ui?.page, ...extraPages].filter((page): page is string => page !== undefined && page !== popup));
  for (const page of pages) entries.push(pageEntry(`page ${page}`, 'page', page));
  (manifest.content_scripts ?? []).forEach((script, index) => {
    const files = [...(script.js ?? []), ...(script.css ?? [])];
    entries.push(entry(`content script ${String(index + 1)} (${files.map((file) => relative('.', file)).join(', ')})`, 'content-script', files));
  });
  return entries;
}

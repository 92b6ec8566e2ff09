import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { extractHtmlAssets, extractModuleSpecifiers, measureBundles, resolveSpecifier } from './measure-bundles.ts';

describe('extractModuleSpecifiers', () => {
  it('finds minified static imports, side-effect imports and re-exports', () => {
    const code = 'import{a as e,i as t}from"./page-environment-f.js";import"./side.js";export{x}from"./re.js";var s=e();';
    expect(extractModuleSpecifiers(code)).toEqual({ eager: ['./page-environment-f.js', './side.js', './re.js'], lazy: [] });
  });

  it("counts a CRXJS content-script loader's getURL import as eager, from the extension root", () => {
    const code = 'const { onExecute } = await import(\n /* @vite-ignore */\n chrome.runtime.getURL("assets/src-content-main.ts-DK4.js")\n);';
    expect(extractModuleSpecifiers(code)).toEqual({ eager: ['/assets/src-content-main.ts-DK4.js'], lazy: [] });
  });

  it('counts a code-split import() as lazy', () => {
    expect(extractModuleSpecifiers('const m=()=>import("./report-view.js");')).toEqual({ eager: [], lazy: ['./report-view.js'] });
  });

  it('does not take a property named import for a module', () => {
    expect(extractModuleSpecifiers('a.import"x";').eager).toEqual([]);
  });
});

describe('extractHtmlAssets', () => {
  it('lists module scripts, module preloads and stylesheets but not icons', () => {
    const html =
      '<script type="module" crossorigin src="/assets/index.html-C.js"></script><link rel="modulepreload" crossorigin href="/assets/page-environment-f.js"><link rel="stylesheet" href="/assets/index.css"><link rel="icon" href="/icons/i.png">';
    expect(extractHtmlAssets(html)).toEqual(['/assets/index.html-C.js', '/assets/page-environment-f.js', '/assets/index.css']);
  });
});

describe('resolveSpecifier', () => {
  it('resolves relative specifiers against the importing file and absolute ones against the root', () => {
    expect(resolveSpecifier('./b.js', 'assets/a.js')).toBe('assets/b.js');
    expect(resolveSpecifier('../assets/b.js', 'src/popup/index.html')).toBe('src/assets/b.js');
    expect(resolveSpecifier('/assets/b.js', 'src/popup/index.html')).toBe('assets/b.js');
  });

  it('ignores bare and remote specifiers', () => {
    expect(resolveSpecifier('react', 'assets/a.js')).toBeUndefined();
    expect(resolveSpecifier('https://cdn.example/x.js', 'assets/a.js')).toBeUndefined();
  });
});

describe('measureBundles', () => {
  let directory = '';
  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  function write(path: string, content: string): void {
    mkdirSync(dirname(join(directory, path)), { recursive: true });
    writeFileSync(join(directory, path), content);
  }
  const gz = (content: string): number => gzipSync(Buffer.from(content), { level: 9 }).length;

  it('sums the gzip size of every chunk an entry loads, shared chunks included, lazy chunks apart', () => {
    directory = mkdtempSync(join(tmpdir(), 'bench-bundles-'));
    const files = {
      'service-worker-loader.js': "import './assets/main.js';",
      'assets/main.js': 'import{a}from"./shared.js";const r=()=>import("./lazy.js");a();',
      'assets/shared.js': 'export const a=()=>"x".repeat(10);',
      'assets/lazy.js': 'export const big="' + 'y'.repeat(500) + '";',
      'src/popup/index.html': '<script type="module" src="/assets/popup.js"></script><link rel="stylesheet" href="/assets/popup.css">',
      'assets/popup.js': 'import{a}from"./shared.js";a();',
      'assets/popup.css': 'body{margin:0}',
      'assets/loader.js': 'import(/* @vite-ignore */ chrome.runtime.getURL("assets/content.js"));',
      'assets/content.js': 'console.log(1);',
    };
    for (const [path, content] of Object.entries(files)) write(path, content);
    write(
      'manifest.json',
      JSON.stringify({ background: { service_worker: 'service-worker-loader.js' }, action: { default_popup: 'src/popup/index.html' }, content_scripts: [{ js: ['assets/loader.js'], css: ['assets/missing.css'] }] }),
    );
    const [worker, popup, content] = measureBundles(directory);
    expect(worker!.files.map((file) => file.path).sort()).toEqual(['assets/main.js', 'assets/shared.js', 'service-worker-loader.js']);
    expect(worker!.gzipBytes).toBe(gz(files['service-worker-loader.js']) + gz(files['assets/main.js']) + gz(files['assets/shared.js']));
    expect(worker!.lazyFiles.map((file) => file.path)).toEqual(['assets/lazy.js']);
    expect(popup!.files.map((file) => file.path).sort()).toEqual(['assets/popup.css', 'assets/popup.js', 'assets/shared.js']);
    expect(content!.files.map((file) => file.path).sort()).toEqual(['assets/content.js', 'assets/loader.js']);
    expect(content!.missing).toEqual(['assets/missing.css']);
  });
});

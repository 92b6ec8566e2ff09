import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { attributeBundle } from '../attribute-bundle.ts';
import { errorText, formatBytes, rowVerdict, type BenchRow, type BenchTarget, type SectionResult, skippedSection } from '../bench-result.ts';
import { measureBundles, type BundleEntry } from '../measure-bundles.ts';

const TITLE = 'Bundle budgets (gzip)';
const KB = 1024;
const BUDGETS: Readonly<Record<BundleEntry['kind'], BenchTarget | undefined>> = {
  'service-worker': { max: 120 * KB, text: '≤ 120 KB' },
  popup: { max: 100 * KB, text: '≤ 100 KB' },
  'content-script': { max: 10 * KB, text: '≤ 10 KB' },
  page: undefined,
};
const METHOD =
  'Reads dist/chrome/manifest.json and follows each entry: the service worker file, the popup HTML\'s scripts, module preloads and stylesheets, each content_scripts entry\'s js and css; ' +
  'then every static `import`/`export … from` in the built chunks, transitively (CRXJS loaders\' `import(chrome.runtime.getURL(…))` counts as static: it always runs). ' +
  'Each file is gzipped with node:zlib level 9 and the sizes are summed. Chunks only reachable by a dynamic `import()` are listed as lazy, outside the budget. ' +
  'Sizes are deterministic: measured once. `npm run bench:budget` runs only this check and fails when a budget is exceeded.';

/** Source entry of each budgeted kind, for attributing a miss. */
const SOURCE_ENTRIES: Readonly<Partial<Record<BundleEntry['kind'], string>>> = {
  'service-worker': resolve(import.meta.dirname, '..', '..', 'src', 'background', 'main.ts'),
  popup: resolve(import.meta.dirname, '..', '..', 'src', 'popup', 'main.tsx'),
  'content-script': resolve(import.meta.dirname, '..', '..', 'src', 'content', 'main.ts'),
};

export const DIST_CHROME = resolve(import.meta.dirname, '..', '..', 'dist', 'chrome');

/** Section 5: what each part of the extension costs to load. */
export async function benchBundleBudgets(distDirectory = DIST_CHROME): Promise<SectionResult> {
  const manifestPath = join(distDirectory, 'manifest.json');
  if (!existsSync(manifestPath)) return skippedSection('budgets', TITLE, METHOD, `not available yet: ${manifestPath} is missing — run \`npm run build:chrome\` first`);
  const notes: string[] = [];
  const loader = join(distDirectory, 'service-worker-loader.js');
  if (existsSync(loader) && /localhost|127\.0\.0\.1|\/@vite\//.test(readFileSync(loader, 'utf8'))) {
    return skippedSection('budgets', TITLE, METHOD, 'not available: dist/chrome is a Vite dev-server build (it loads code from localhost) — run `npm run build:chrome`');
  }
  let entries: BundleEntry[];
  try {
    entries = measureBundles(distDirectory, ['src/report/index.html']);
  } catch (error) {
    return skippedSection('budgets', TITLE, METHOD, `not available: dist/chrome cannot be read (${errorText(error)})`);
  }
  const rows: BenchRow[] = entries.map((entry) => {
    const target = BUDGETS[entry.kind];
    const biggest = [...entry.files].sort((a, b) => b.gzipBytes - a.gzipBytes).slice(0, 3);
    return {
      label: entry.name,
      value: formatBytes(entry.gzipBytes),
      measured: entry.gzipBytes,
      ...(target === undefined ? {} : { target }),
      detail:
        `${String(entry.files.length)} file(s), ${formatBytes(entry.rawBytes)} raw; largest: ${biggest.map((file) => `${file.path} ${formatBytes(file.gzipBytes)}`).join(', ') || '—'}` +
        (entry.lazyFiles.length > 0 ? `; lazy: ${String(entry.lazyFiles.length)} chunk(s), ${formatBytes(entry.lazyGzipBytes)}` : ''),
    };
  });
  for (const entry of entries) {
    if (entry.missing.length > 0) notes.push(`${entry.name} refers to files missing from dist: ${entry.missing.join(', ')}.`);
    if (entry.kind === 'service-worker' && entry.rawBytes === 0) notes.push(`${entry.name} is empty: the worker has not been written yet, so its budget is trivially met.`);
    if (entry.kind === 'service-worker' && entry.lazyFiles.length > 0) notes.push(`${entry.name} has dynamic imports; MV3 service workers cannot use import(), so these chunks would fail to load.`);
  }
  for (const [index, entry] of entries.entries()) {
    const source = SOURCE_ENTRIES[entry.kind];
    if (source === undefined || rowVerdict(rows[index]!) !== 'missed') continue;
    try {
      const attribution = await attributeBundle(source);
      const top = attribution.shares.slice(0, 10).map((share) => `${share.owner} ${formatBytes(share.bytes)} (${(share.share * 100).toFixed(0)}%)`);
      notes.push(`${entry.name} is over budget. What fills it (esbuild re-bundle of ${relative(resolve(import.meta.dirname, '..', '..'), source)}, minified bytes by package/folder, ${formatBytes(attribution.minifiedBytes)} → ${formatBytes(attribution.gzipBytes)} gzip): ${top.join(', ')}.`);
    } catch (error) {
      notes.push(`${entry.name} is over budget; attributing it with esbuild failed (${errorText(error)}).`);
    }
  }
  return { id: 'budgets', title: TITLE, status: 'done', method: METHOD, rows, notes };
}

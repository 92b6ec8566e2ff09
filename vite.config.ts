import { crx } from '@crxjs/vite-plugin';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { buildManifest, type TargetBrowser } from './manifest.config.ts';

// `vite build --mode chrome` → dist/chrome, `--mode firefox` → dist/firefox. The dev server is
// deliberately not used for e2e: it rewrites dist/ to load code from localhost.
export default defineConfig(({ mode }) => {
  const browser: TargetBrowser = mode === 'firefox' ? 'firefox' : 'chrome';
  return {
    plugins: [react(), crx({ manifest: buildManifest(browser), browser })],
    build: {
      outDir: resolve(import.meta.dirname, 'dist', browser),
      emptyOutDir: true,
      target: browser === 'firefox' ? 'firefox128' : 'chrome116',
      minify: true,
      sourcemap: false,
      // The preload polyfill is the only fetch() in the bundles; extension pages need none.
      modulePreload: { polyfill: false },
      rolldownOptions: {
        input: {
          report: resolve(import.meta.dirname, 'src/report/index.html'),
        },
      },
    },
  };
});

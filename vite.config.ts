import { crx } from '@crxjs/vite-plugin';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { buildManifest, type TargetBrowser } from './manifest.config.ts';

const XMLDOM_ENTITIES_STUB = '\0xmldom-xml-entities';

/**
 * xmldom's `lib/entities.js` is mostly the HTML named-character table (~36 KB minified), used
 * only when `parseFromString` is given an HTML MIME type. The extension parses XML only
 * (src/core/xml/parse-xml.ts, `text/xml`), where XML 1.0 §4.6 predefines just these five, so the
 * bundles get a stub with the same export names. HTML_ENTITIES is the XML set: nothing in the
 * extension parses HTML with xmldom.
 */
function xmldomXmlEntitiesOnly(): Plugin {
  return {
    name: 'xmldom-xml-entities-only',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === './entities' && importer !== undefined && /[\\/]@xmldom[\\/]xmldom[\\/]lib[\\/][^\\/]+\.js$/.test(importer)) return XMLDOM_ENTITIES_STUB;
      return null;
    },
    load(id) {
      if (id !== XMLDOM_ENTITIES_STUB) return null;
      return [
        "const XML_ENTITIES = Object.freeze({ amp: '&', apos: \"'\", gt: '>', lt: '<', quot: '\"' });",
        'export { XML_ENTITIES, XML_ENTITIES as HTML_ENTITIES, XML_ENTITIES as entityMap };',
      ].join('\n');
    },
  };
}

// `vite build --mode chrome` → dist/chrome, `--mode firefox` → dist/firefox. The dev server is
// deliberately not used for e2e: it rewrites dist/ to load code from localhost.
export default defineConfig(({ mode }) => {
  const browser: TargetBrowser = mode === 'firefox' ? 'firefox' : 'chrome';
  return {
    plugins: [xmldomXmlEntitiesOnly(), react(), crx({ manifest: buildManifest(browser), browser })],
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

// Re-bundles the background worker into ONE file after `vite build` and points the manifest's
// loader at it. Vite splits modules the worker shares with the pages into several chunks; gzip
// compresses one file better than the same code in ten (the worker's budget is measured in gzip),
// and a worker that loads one file starts with fewer round trips through the module loader.
// The pages keep their own chunks. Usage: node scripts/bundle-worker.mjs <chrome|firefox>
import { readFileSync, writeFileSync } from 'node:fs';
import process from 'node:process';
import { resolve } from 'node:path';
import { rolldown } from 'rolldown';

const browser = process.argv[2] === 'firefox' ? 'firefox' : 'chrome';
const root = resolve(import.meta.dirname, '..');
const outDir = resolve(root, 'dist', browser);
const ENTITIES_STUB = '\0xmldom-xml-entities';
const ATTESTED_STUB = '\0no-attested-analysis';

const bundle = await rolldown({
  input: resolve(root, 'src/background/main.ts'),
  platform: 'browser',
  plugins: [
    {
      // Attestations only travel in redacted HAR exports, which the CLI and the pages re-import;
      // the worker analyses live captures, which never carry one (Hop.redaction is set by the HAR
      // importer only), so its analyser is left out of the worker: "no attestation applies".
      name: 'worker-without-attested-analysis',
      resolveId(source) {
        return /[\\/]redaction[\\/]analyze-attested-saml-value\.ts$/.test(source) ? ATTESTED_STUB : null;
      },
      load(id) {
        return id === ATTESTED_STUB ? 'export function analyzeAttestedSamlValue() { return undefined; }\n' : null;
      },
    },
    {
      // Same stub as vite.config.ts: the worker parses XML only, never HTML (see there).
      name: 'xmldom-xml-entities-only',
      resolveId(source, importer) {
        if (source === './entities' && importer !== undefined && /[\\/]@xmldom[\\/]xmldom[\\/]lib[\\/][^\\/]+\.js$/.test(importer)) return ENTITIES_STUB;
        return null;
      },
      load(id) {
        if (id !== ENTITIES_STUB) return null;
        return [
          "const XML_ENTITIES = Object.freeze({ amp: '&', apos: \"'\", gt: '>', lt: '<', quot: '\"' });",
          'export { XML_ENTITIES, XML_ENTITIES as HTML_ENTITIES, XML_ENTITIES as entityMap };',
        ].join('\n');
      },
    },
  ],
});
await bundle.write({ file: resolve(outDir, 'background.js'), format: 'esm', minify: true, codeSplitting: false });
await bundle.close();

// Chrome and Firefox both start the worker through the loader CRXJS wrote; point it at the bundle.
writeFileSync(resolve(outDir, 'service-worker-loader.js'), "import './background.js';\n");
const manifest = JSON.parse(readFileSync(resolve(outDir, 'manifest.json'), 'utf8'));
const entry = browser === 'firefox' ? manifest.background?.scripts?.[0] : manifest.background?.service_worker;
if (entry !== 'service-worker-loader.js') throw new Error(`unexpected background entry in dist/${browser}/manifest.json: ${String(entry)}`);

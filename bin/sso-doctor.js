#!/usr/bin/env node
// Thin launcher for the bundled CLI (built by `npm run build:cli` into dist/cli).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/cli/sso-doctor.mjs', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write('sso-doctor: the CLI is not built yet; run `npm run build` first\n');
  process.exit(2);
}
await import(bundle);

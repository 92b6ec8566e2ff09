// The `sso-doctor` command: wiring only (Node I/O around runCli).
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import packageJson from '../../package.json' with { type: 'json' };
import { runCli } from './run-cli.ts';

const code = await runCli(process.argv.slice(2), {
  readFile: async (path) => new Uint8Array(await readFile(path)),
  writeFile: (path, content) => writeFile(path, content, 'utf8'),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  now: () => new Date().toISOString(),
  randomSeed: () => randomBytes(16).toString('hex'),
  version: packageJson.version,
});
process.exitCode = code;

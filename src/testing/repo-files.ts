/**
 * File access for convention tests (test-only, Node): list a source folder, read a file of the
 * repository, read the shared design document when this checkout has one.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file lives in src/testing). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** File names (not paths) directly inside a folder given relative to the repository root. */
export function listRepoFiles(relativeFolder: string): string[] {
  return readdirSync(join(REPO_ROOT, relativeFolder), { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name)
    .sort();
}

export function readRepoText(relativePath: string): string {
  return readFileSync(join(REPO_ROOT, relativePath), 'utf8');
}

/**
 * The design document, when present: `docs/DESIGN.md` in the repository, else the shared copy the
 * project was planned in. Undefined when neither exists (a plain clone).
 */
export function readDesignDocument(): string | undefined {
  for (const candidate of [join(REPO_ROOT, 'docs', 'DESIGN.md'), resolve(REPO_ROOT, '..', 'shared', 'DESIGN.md')]) {
    if (existsSync(candidate)) return readFileSync(candidate, 'utf8');
  }
  return undefined;
}

/** Backticked ids in the first column of markdown table rows (`| \`id\` | ... |`) of the text. */
export function tableIds(markdown: string): string[] {
  const ids: string[] = [];
  for (const line of markdown.split('\n')) {
    const firstCell = /^\|([^|]*)\|/.exec(line)?.[1];
    if (firstCell === undefined) continue;
    for (const match of firstCell.matchAll(/`([a-z0-9-]+)`/g)) if (match[1] !== undefined) ids.push(match[1]);
  }
  return ids;
}

/**
 * Access to the shared SAML test corpus (shared/corpus: real messages from other projects' test
 * suites, with catalog.json giving each one's expected verdict). Test-only, Node. Undefined when
 * the corpus is not next to this checkout.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { REPO_ROOT } from './repo-files.ts';

export interface CorpusEntry {
  readonly file: string;
  readonly kind: string;
  readonly encoding: string;
  readonly expected?: string;
  readonly evaluate_at?: string | null;
  readonly issue_instant?: string | null;
  readonly signature_valid_with?: string | null;
  readonly trusted_by_source?: { readonly cert?: readonly string[] | null; readonly how?: string };
  readonly flags?: readonly string[];
}

export interface Corpus {
  readonly entries: readonly CorpusEntry[];
  /** Catalogued messages (entries with an expected verdict). */
  readonly messages: readonly CorpusEntry[];
  byFile(file: string): CorpusEntry | undefined;
  read(file: string): string;
  /** The captured value as a browser or HAR would hold it (SAMLRequest out of stored redirect parameters). */
  value(entry: CorpusEntry): string;
}

const CANDIDATES = [resolve(REPO_ROOT, '..', 'shared', 'corpus'), resolve(REPO_ROOT, 'corpus')];

export function loadCorpus(): Corpus | undefined {
  const folder = CANDIDATES.find((candidate) => existsSync(resolve(candidate, 'catalog.json')));
  if (folder === undefined) return undefined;
  const entries = JSON.parse(readFileSync(resolve(folder, 'catalog.json'), 'utf8')) as CorpusEntry[]; // -- reason: catalog.json's documented shape (corpus README)
  const index = new Map(entries.map((entry) => [entry.file, entry]));
  const read = (file: string): string => readFileSync(resolve(folder, file), 'utf8');
  return {
    entries,
    messages: entries.filter((entry) => entry.expected !== undefined),
    byFile: (file) => index.get(file),
    read,
    value(entry) {
      const text = read(entry.file);
      if (entry.encoding.startsWith('json{')) return (JSON.parse(text) as { SAMLRequest: string }).SAMLRequest; // -- reason: node-saml stores redirect parameters as JSON
      if (entry.encoding.startsWith('query-string{')) return new URLSearchParams(text.trim()).get('SAMLRequest') ?? '';
      return text;
    },
  };
}

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCALES, activateLocaleFile } from './locale-messages.ts';
import { lookupFromMessages, setMessageLookup, t } from './t.ts';

const UI_ROOTS = ['src/ui', 'src/popup', 'src/report', 'src/options'];

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Keys passed to t('...') literally (keys in lookup tables are checked by the MessageKey type). */
function keysUsedIn(source: string): string[] {
  return [...source.matchAll(/\bt\(\s*'([A-Za-z0-9_]+)'/g)].map((match) => match[1] ?? '');
}

afterEach(() => {
  setMessageLookup(undefined);
});

describe('locale files', () => {
  it('gives Danish exactly the keys English has', () => {
    expect(Object.keys(LOCALES.da).sort()).toEqual(Object.keys(LOCALES.en).sort());
  });

  it('gives every Danish message the same placeholders as its English one', () => {
    for (const [key, entry] of Object.entries(LOCALES.en)) {
      expect(Object.keys(LOCALES.da[key]?.placeholders ?? {}).sort(), key).toEqual(Object.keys(entry.placeholders ?? {}).sort());
    }
  });

  it('has no empty message in either language', () => {
    for (const messages of Object.values(LOCALES)) {
      for (const [key, entry] of Object.entries(messages)) expect(entry.message.trim(), key).not.toBe('');
    }
  });

  it('finds every key the UI code passes to t() in both languages', () => {
    const files = UI_ROOTS.flatMap((root) => sourceFiles(root));
    const used = new Set(files.flatMap((file) => keysUsedIn(readFileSync(file, 'utf8'))));
    expect(used.size).toBeGreaterThan(50);
    const missing = [...used].filter((key) => LOCALES.en[key] === undefined || LOCALES.da[key] === undefined);
    expect(missing, `missing keys (files under ${UI_ROOTS.map((root) => relative('.', root)).join(', ')})`).toEqual([]);
  });
});

describe('t', () => {
  it('fills numbered substitutions through named placeholders', () => {
    activateLocaleFile('en');
    expect(t('reportFlowMeta', ['10:00', '4', 'error-page'])).toBe('Sign-in started 10:00 · 4 requests · ended: error-page');
  });

  it('answers in Danish when the Danish file is active', () => {
    activateLocaleFile('da');
    expect(t('diagnose')).toBe('Diagnosticér');
  });

  it('shows the key instead of an empty string when a locale lacks it', () => {
    setMessageLookup(lookupFromMessages({}));
    expect(t('diagnose')).toBe('diagnose');
  });

  it('keeps a literal dollar written as $$', () => {
    const lookup = lookupFromMessages({ price: { message: 'costs $$$1', placeholders: {} } });
    expect(lookup('price', ['5'])).toBe('costs $5');
  });
});

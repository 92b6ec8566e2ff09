// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const browserShells = ['**/background/**', '**/content/**', '**/popup/**', '**/options/**', '**/report/**', '**/ui/**', '**/messaging/**', '**/cli/**'];

export default tseslint.config(
  { ignores: ['e2e/.scratch/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'docs/**', 'scripts/make-icons.mjs', 'bin/**', '.tsbuild/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unnecessary-condition': ['error', { allowConstantLoopConditions: true }],
    },
  },
  {
    // The architecture in executable form: src/core is pure. It imports nothing from the browser
    // shells, React or the WebExtension API, and touches no browser global.
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: browserShells.map((p) => `**/${p.replace('**/', '').replace('/**', '')}/*`), message: 'src/core is pure: pass data in, return data out.' },
            { group: ['react', 'react-dom', 'react-dom/*', 'webextension-polyfill', 'vite', 'node:*'], message: 'src/core runs in Node and in the service worker: no React, no WebExtension API, no Node built-ins.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'chrome', message: 'src/core is pure: the browser shells call chrome.*' },
        { name: 'browser', message: 'src/core is pure: the browser shells call browser.*' },
        { name: 'window', message: 'src/core has no DOM.' },
        { name: 'document', message: 'src/core has no DOM.' },
        { name: 'fetch', message: 'src/core makes no network requests.' },
        { name: 'XMLHttpRequest', message: 'src/core makes no network requests.' },
        { name: 'localStorage', message: 'src/core keeps no state.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'src/core reads no clock: pass the time in.' },
        { object: 'Math', property: 'random', message: 'src/core is deterministic: pass randomness in.' },
      ],
    },
  },
  {
    files: ['src/popup/**', 'src/options/**', 'src/report/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/background/*'], message: 'pages talk to the worker only via src/messaging.' }] }],
    },
  },
  {
    files: ['src/background/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/popup/*', '**/options/*', '**/report/*', 'react', 'react-dom'], message: 'the worker never renders UI.' }] }],
    },
  },
  {
    // Tests run in Node only: they may read fixtures from disk; the core code they test may not.
    files: ['src/core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['react', 'react-dom', 'webextension-polyfill'], message: 'core tests test the pure core.' }] }],
    },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'e2e/**', 'lab/**', 'bench/**', 'scripts/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);

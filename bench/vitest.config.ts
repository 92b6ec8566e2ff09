import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// The root vitest.config.ts does not include bench/ yet: `npx vitest run --config bench/vitest.config.ts`.
export default defineConfig({
  test: {
    root: resolve(import.meta.dirname, '..'),
    include: ['bench/**/*.test.ts'],
    environment: 'node',
    pool: 'threads',
    maxWorkers: 1,
  },
});

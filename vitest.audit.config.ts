import { defineConfig } from 'vitest/config';

/**
 * `npm run test:audit`: checks the BUILT extension (dist/chrome, dist/firefox), so it runs after
 * `npm run build`. SSO_DOCTOR_AUDIT tells scripts/audit-build.test.ts that the build is fresh; the
 * plain `vitest run` (test:unit, before the build) skips it.
 */
export default defineConfig({
  test: {
    include: ['scripts/audit-build.test.ts'],
    environment: 'node',
    pool: 'threads',
    maxWorkers: 1,
    testTimeout: 60_000,
    env: { SSO_DOCTOR_AUDIT: '1' },
  },
});

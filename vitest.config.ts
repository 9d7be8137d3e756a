import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['server/**/*.test.ts', 'shared/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', 'node_modules/**'],
        },
      },
      {
        test: {
          name: 'int',
          include: ['server/**/*.int.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Two cores: two test files at a time, each with its own database.
          pool: 'forks',
          maxWorkers: 2,
        },
      },
    ],
  },
});

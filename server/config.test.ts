import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('has laptop defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(8080);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.dataDir.endsWith('data')).toBe(true);
    expect(c.secureCookies).toBe(false);
  });
  it('reads fake time, but refuses it in production', () => {
    expect(loadConfig({ VELLUM_FAKE_TIME: '2026-01-01T00:00:00Z' }).fakeTime?.toISOString()).toBe(
      '2026-01-01T00:00:00.000Z',
    );
    expect(() => loadConfig({ VELLUM_FAKE_TIME: '2026-01-01T00:00:00Z', NODE_ENV: 'production' })).toThrow(
      ConfigError,
    );
    expect(() => loadConfig({ VELLUM_FAKE_TIME: 'yesterday' })).toThrow(ConfigError);
  });
  it('refuses a bad port or a non-postgres DATABASE_URL', () => {
    expect(() => loadConfig({ PORT: 'http' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/postgres/);
  });
});

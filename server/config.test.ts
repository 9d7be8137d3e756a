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
  it('stores files on local disk by default and in a bucket when one is named', () => {
    const local = loadConfig({ VELLUM_DATA_DIR: '/srv/vellum' }).storage;
    expect(local).toEqual({ kind: 'local', dir: '/srv/vellum/files' });
    const s3 = loadConfig({
      VELLUM_S3_BUCKET: 'images',
      VELLUM_S3_ENDPOINT: 'http://minio:9000',
      VELLUM_S3_ACCESS_KEY_ID: 'id',
      VELLUM_S3_SECRET_ACCESS_KEY: 'secret',
      VELLUM_S3_PREFIX: 'clinic-a/',
    }).storage;
    expect(s3).toEqual({
      kind: 's3',
      bucket: 'images',
      endpoint: 'http://minio:9000',
      region: 'us-east-1',
      credentials: { accessKeyId: 'id', secretAccessKey: 'secret' },
      forcePathStyle: true,
      prefix: 'clinic-a/',
    });
    // Without an endpoint it is AWS itself: virtual-hosted URLs and the SDK's own credentials chain.
    expect(loadConfig({ VELLUM_S3_BUCKET: 'images' }).storage).toMatchObject({
      forcePathStyle: false,
      credentials: undefined,
    });
  });
  it('takes a cleanup schedule only if it is a cron pattern that runs', () => {
    expect(loadConfig({}).cleanupSchedule).toBe('15 3 * * *');
    expect(loadConfig({ VELLUM_CLEANUP_SCHEDULE: '0 22 * * *' }).cleanupSchedule).toBe('0 22 * * *');
    expect(() => loadConfig({ VELLUM_CLEANUP_SCHEDULE: 'nightly' })).toThrow(/VELLUM_CLEANUP_SCHEDULE/);
  });
  it('takes a daily backup time to the minute or to the second', () => {
    expect(loadConfig({}).backup).toEqual({ time: undefined, keep: 7 });
    expect(loadConfig({ VELLUM_BACKUP_TIME: '02:30', VELLUM_BACKUP_KEEP: '3' }).backup).toEqual({
      time: '02:30',
      keep: 3,
    });
    expect(loadConfig({ VELLUM_BACKUP_TIME: '23:59:30' }).backup.time).toBe('23:59:30');
    for (const bad of ['2:30', '24:00', '02:30:60', 'nightly']) {
      expect(() => loadConfig({ VELLUM_BACKUP_TIME: bad })).toThrow(/VELLUM_BACKUP_TIME/);
    }
  });
  it('refuses a half-configured bucket', () => {
    expect(() => loadConfig({ VELLUM_S3_BUCKET: 'b', VELLUM_S3_ENDPOINT: 'minio:9000' })).toThrow(/ENDPOINT/);
    expect(() => loadConfig({ VELLUM_S3_BUCKET: 'b', VELLUM_S3_ACCESS_KEY_ID: 'id' })).toThrow(/SECRET/);
    expect(() => loadConfig({ VELLUM_S3_BUCKET: 'b', VELLUM_S3_PREFIX: '../x' })).toThrow(/PREFIX/);
  });
});

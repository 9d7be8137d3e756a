import path from 'node:path';
import { EMBEDDED_CACHE_MB } from './db/embedded-cache.ts';
import { CLEANUP_SCHEDULE, scheduleProblem } from './domain/cleanup-schedule.ts';
import { rootUidProblem } from './domain/dicom-uid.ts';
import type { BackupKey } from './services/backups/backup-crypto.ts';

/** Typed configuration, read once from the environment. Every value has a safe laptop default. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** postgres:// URL; when absent the embedded database in dataDir is used. */
  databaseUrl: string | undefined;
  /** The embedded database's page cache (shared buffers), in megabytes; see openEmbedded. */
  embeddedCacheMb: number;
  /** Where the clock starts, for tests and demos. Refused in production. */
  fakeTime: Date | undefined;
  production: boolean;
  /**
   * Check every answer against its zod schema as well as writing it with the compiled serializer
   * (VELLUM_CHECK_ANSWERS=true; on under NODE_ENV=test): for tests, it costs a validation per answer.
   */
  checkAnswers: boolean;
  logLevel: string;
  /** Marks cookies Secure; set when Vellum is served over TLS (behind a reverse proxy). */
  secureCookies: boolean;
  /** Sign-in attempts allowed per client address per minute. */
  loginRateLimit: number;
  sessionTtlHours: number;
  /** A session ends after this many minutes without a request. */
  sessionIdleMinutes: number;
  /** Web origins allowed to call the FHIR API from a browser (CORS); none by default. */
  fhirCorsOrigins: string[];
  /**
   * Longest time a client may take to send a whole request (an upload batch included); a body
   * trickled slowly and never finished (slow loris) is cut off with 408 after it.
   */
  requestTimeoutSeconds: number;
  /** Largest JSON body accepted, in bytes. */
  bodyLimit: number;
  /**
   * The address users open Vellum at (VELLUM_PUBLIC_URL), for links made outside a request (the
   * command line's password-reset link); the API's links follow the address the request came to.
   */
  publicUrl: string | undefined;
  /** Trust X-Forwarded-For from a reverse proxy (for the client address in the audit trail). */
  trustProxy: boolean;
  /** Where stored files go: `<dataDir>/files` unless an S3-compatible bucket is configured. */
  storage: StorageConfig;
  /** Cron pattern of the daily cleanup, in server local time. */
  cleanupSchedule: string;
  /** The daily backup into the blob store: off unless a time is set (VELLUM_BACKUP_TIME, "HH:MM[:SS]"). */
  backup: { time: string | undefined; keep: number };
  /** Keys kept outside the database (docs/SECURITY-MODEL.md); each falls back to a 0600 file in dataDir. */
  evidence: {
    /** VELLUM_AUDIT_KEY: the audit chain's HMAC key (64 hex digits or base64). */
    auditKey: string | undefined;
    /** VELLUM_SIGNING_KEY: the Ed25519 private key (PKCS#8 PEM) that signs checkpoints and backups. */
    signingKey: string | undefined;
  };
  /** What `vellum backup` encrypts to and decrypts with (age): VELLUM_BACKUP_PASSPHRASE, _RECIPIENT, _IDENTITY. */
  backupKey: BackupKey;
  /** DICOM objects and sending them to a PACS (docs/DICOM.md). */
  dicom: DicomConfig;
}

export interface DicomConfig {
  /** The organisation's UID root (VELLUM_DICOM_ROOT_UID); unset: UIDs under 2.25 from the deployment's UUID. */
  rootUid: string | undefined;
  /** Issuer of Patient ID (0010,0021) (VELLUM_DICOM_ISSUER); empty leaves it out. */
  issuer: string;
  /** Accession number (VELLUM_DICOM_ACCESSION): `entry` derives one from the entry, `none` leaves it empty. */
  accession: 'entry' | 'none';
  /** Waits before each retry of a transient STOW-RS failure, in milliseconds. */
  retryDelaysMs: number[];
}

export type StorageConfig =
  | { kind: 'local'; dir: string }
  | {
      kind: 's3';
      bucket: string;
      endpoint: string | undefined;
      region: string;
      credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
      forcePathStyle: boolean;
      prefix: string;
    };

function storageConfig(env: NodeJS.ProcessEnv, dataDir: string): StorageConfig {
  const bucket = env.VELLUM_S3_BUCKET;
  if (!bucket) return { kind: 'local', dir: path.join(dataDir, 'files') };
  const endpoint = env.VELLUM_S3_ENDPOINT || undefined;
  if (endpoint && !/^https?:\/\//.test(endpoint)) {
    throw new ConfigError('VELLUM_S3_ENDPOINT must be an http:// or https:// URL');
  }
  const accessKeyId = env.VELLUM_S3_ACCESS_KEY_ID;
  const secretAccessKey = env.VELLUM_S3_SECRET_ACCESS_KEY;
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
    throw new ConfigError(
      'VELLUM_S3_ACCESS_KEY_ID and VELLUM_S3_SECRET_ACCESS_KEY are set together or not at all',
    );
  }
  const prefix = env.VELLUM_S3_PREFIX ?? '';
  if (prefix && !/^[a-z0-9][a-z0-9/_.-]*\/$/.test(prefix)) {
    throw new ConfigError('VELLUM_S3_PREFIX must be lower-case letters, digits, "/_.-" and end with "/"');
  }
  return {
    kind: 's3',
    bucket,
    endpoint,
    region: env.VELLUM_S3_REGION || 'us-east-1',
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
    // Self-hosted S3-compatible servers rarely have per-bucket host names.
    forcePathStyle: env.VELLUM_S3_FORCE_PATH_STYLE
      ? env.VELLUM_S3_FORCE_PATH_STYLE === 'true'
      : Boolean(endpoint),
    prefix,
  };
}

export class ConfigError extends Error {}

function backupConfig(env: NodeJS.ProcessEnv): Config['backup'] {
  const time = env.VELLUM_BACKUP_TIME || undefined;
  if (time && !/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/.test(time)) {
    throw new ConfigError(`VELLUM_BACKUP_TIME must be a time of day like 02:30, got "${time}"`);
  }
  return { time, keep: int(env, 'VELLUM_BACKUP_KEEP', 7, 1, 1000) };
}

function dicomConfig(env: NodeJS.ProcessEnv): DicomConfig {
  const rootUid = env.VELLUM_DICOM_ROOT_UID || undefined;
  const problem = rootUid && rootUidProblem(rootUid);
  if (problem) throw new ConfigError(`VELLUM_DICOM_ROOT_UID ${problem}, got "${rootUid}"`);
  const accession = env.VELLUM_DICOM_ACCESSION || 'none';
  if (accession !== 'entry' && accession !== 'none')
    throw new ConfigError(`VELLUM_DICOM_ACCESSION must be "entry" or "none", got "${accession}"`);
  const issuer = env.VELLUM_DICOM_ISSUER ?? 'VELLUM';
  if (issuer.length > 64 || [...issuer].some((c) => c === '\\' || c.charCodeAt(0) < 32))
    throw new ConfigError('VELLUM_DICOM_ISSUER must be at most 64 characters without backslashes');
  return { rootUid, issuer, accession, retryDelaysMs: [500, 2000, 5000] };
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  let fakeTime: Date | undefined;
  if (env.VELLUM_FAKE_TIME) {
    if (production) throw new ConfigError('VELLUM_FAKE_TIME is refused when NODE_ENV=production');
    fakeTime = new Date(env.VELLUM_FAKE_TIME);
    if (Number.isNaN(fakeTime.getTime())) {
      throw new ConfigError(`VELLUM_FAKE_TIME must be an ISO time, got "${env.VELLUM_FAKE_TIME}"`);
    }
  }
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// URL');
  }
  const publicUrl = env.VELLUM_PUBLIC_URL?.replace(/\/+$/, '') || undefined;
  if (publicUrl && !/^https?:\/\/[^/]+/.test(publicUrl)) {
    throw new ConfigError('VELLUM_PUBLIC_URL must be an http:// or https:// URL');
  }
  const dataDir = path.resolve(env.VELLUM_DATA_DIR || './data');
  const cleanupSchedule = env.VELLUM_CLEANUP_SCHEDULE || CLEANUP_SCHEDULE;
  const problem = scheduleProblem(cleanupSchedule);
  if (problem)
    throw new ConfigError(`VELLUM_CLEANUP_SCHEDULE "${cleanupSchedule}" cannot be used: ${problem}`);
  return {
    port: int(env, 'PORT', 8080, 0, 65535),
    host: env.HOST || '127.0.0.1',
    dataDir,
    databaseUrl,
    embeddedCacheMb: int(env, 'VELLUM_EMBEDDED_CACHE_MB', EMBEDDED_CACHE_MB, 16, 4096),
    fakeTime,
    production,
    checkAnswers: env.VELLUM_CHECK_ANSWERS ? env.VELLUM_CHECK_ANSWERS === 'true' : env.NODE_ENV === 'test',
    logLevel: env.LOG_LEVEL || (production ? 'info' : 'warn'),
    secureCookies: env.VELLUM_SECURE_COOKIES ? env.VELLUM_SECURE_COOKIES === 'true' : production,
    loginRateLimit: int(env, 'VELLUM_LOGIN_RATE_LIMIT', 10, 1, 100000),
    sessionTtlHours: int(env, 'VELLUM_SESSION_TTL_HOURS', 12, 1, 24 * 90),
    sessionIdleMinutes: int(env, 'VELLUM_SESSION_IDLE_MINUTES', 30, 2, 24 * 60),
    fhirCorsOrigins: (env.VELLUM_FHIR_CORS_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim().replace(/\/+$/, ''))
      .filter(Boolean),
    requestTimeoutSeconds: int(env, 'VELLUM_REQUEST_TIMEOUT_SECONDS', 300, 1, 3600),
    bodyLimit: 1024 * 1024,
    publicUrl,
    trustProxy: env.VELLUM_TRUST_PROXY === 'true',
    storage: storageConfig(env, dataDir),
    cleanupSchedule,
    backup: backupConfig(env),
    dicom: dicomConfig(env),
    evidence: {
      auditKey: env.VELLUM_AUDIT_KEY || undefined,
      signingKey: env.VELLUM_SIGNING_KEY?.replace(/\\n/g, '\n') || undefined,
    },
    backupKey: {
      passphrase: env.VELLUM_BACKUP_PASSPHRASE || undefined,
      recipient: env.VELLUM_BACKUP_RECIPIENT || undefined,
      identity: env.VELLUM_BACKUP_IDENTITY || undefined,
    },
  };
}

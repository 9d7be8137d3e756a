import { z } from 'zod';
import { LANGUAGES } from '../languages.ts';
import { idSchema, isoTime } from './common.ts';

export const ROLE_VALUES = ['super-admin', 'admin', 'clinician', 'assistant'] as const;
export const roleSchema = z.enum(ROLE_VALUES);

export const userSchema = z.object({
  id: idSchema,
  email: z.string(),
  displayName: z.string().nullable(),
  role: roleSchema,
  accountId: idSchema.nullable(),
  accountName: z.string().nullable(),
  createdAt: isoTime,
  totpEnabled: z.boolean().describe('two-factor sign-in is on'),
  mustChangePassword: z
    .boolean()
    .describe('an administrator chose the password: every request but changing it answers 403'),
  language: z
    .enum(LANGUAGES)
    .nullable()
    .describe("the user's language for the web app and PDF reports; null: the browser's"),
});

export const loginBody = z.object({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(256),
  totp: z.string().max(16).optional(),
});

export const loginResponse = z.object({ user: userSchema, csrfToken: z.string() });
export const meResponse = z.object({
  user: userSchema,
  csrfToken: z.string().nullable(),
  sessionIdleMinutes: z
    .number()
    .nullable()
    .describe('a session ends after this many minutes without a request'),
});

/** The signed-in user's own preferences; the value is checked by the service (422 `invalid_language`). */
export const meChangeBody = z.strictObject({ language: z.string().max(16).nullable() });

export const passwordChangeBody = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});
export const passwordChangeResponse = z.object({
  sessionsEnded: z.number().describe("the user's other sessions, ended"),
});
export const passwordResetBody = z.strictObject({
  token: z.string().trim().min(1).max(200),
  newPassword: z.string().min(1).max(256),
});
export const passwordResetResponse = z.object({ email: z.string() });

export const tokenBody = z.object({
  name: z.string().trim().min(1).max(100),
  expiresInDays: z
    .number()
    .int()
    .min(1)
    .max(3650)
    .nullable()
    .optional()
    .describe('days until the token stops working (default 90); null: never'),
});
export const tokenResponse = z.object({
  token: z.string(),
  id: idSchema,
  name: z.string(),
  createdAt: isoTime,
  expiresAt: isoTime.nullable(),
});

/** A personal token or an OAuth client of a user, as admins see it (never the secret). */
const credential = z.object({
  id: idSchema,
  name: z.string(),
  createdAt: isoTime,
  lastUsedAt: isoTime.nullable(),
  expiresAt: isoTime.nullable(),
});
export const userCredentials = z.object({
  tokens: z.array(credential),
  clients: z.array(credential.extend({ clientId: z.string() })),
});

export const totpStatus = z.object({
  enabled: z.boolean(),
  pending: z.boolean().describe('set up, waiting for a code to confirm it'),
});
export const totpSetupResponse = z.object({
  secret: z.string().describe('base32, for typing into an authenticator app'),
  uri: z.string().describe('otpauth:// URI, usually shown as a QR code'),
});
export const totpCodeBody = z.strictObject({ code: z.string().trim().min(1).max(16) });
export const totpDisableBody = z.union([
  z.strictObject({ password: z.string().min(1).max(256) }),
  z.strictObject({ code: z.string().trim().min(1).max(16) }),
]);

/** A personal API token as listed: never the token itself. */
export const apiTokenSchema = z.object({
  id: idSchema,
  name: z.string(),
  createdAt: isoTime,
  lastUsedAt: isoTime.nullable(),
  expiresAt: isoTime.nullable(),
});

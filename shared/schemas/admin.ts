import { z } from 'zod';
import { isLocale, isTimeZone } from '../dates.ts';
import { roleSchema, userSchema } from './auth.ts';
import { idSchema, isoTime } from './common.ts';

export const DELETION_POLICIES = ['recoverable', 'standard', 'permanent'] as const;
export const CONSENT_LEVELS = ['disabled', 'advisory', 'required'] as const;
export const AUDIT_LEVELS = ['essential', 'comprehensive'] as const;

export const settingsSchema = z.object({
  deletionPolicy: z.enum(DELETION_POLICIES),
  retentionMonths: z.number().int(),
  retentionText: z.string(),
  consentLevel: z.enum(CONSENT_LEVELS),
  auditLevel: z.enum(AUDIT_LEVELS),
  timeZone: z.string().describe('IANA time zone every date and time is written in, e.g. Europe/Paris'),
  locale: z.string().describe('BCP 47 locale of written dates, e.g. fr-FR'),
});

export const settingsPatch = z.strictObject({
  deletionPolicy: z.enum(DELETION_POLICIES).optional(),
  retentionMonths: z.number().int().min(1).max(1200).optional(),
  consentLevel: z.enum(CONSENT_LEVELS).optional(),
  auditLevel: z.enum(AUDIT_LEVELS).optional(),
  timeZone: z.string().max(64).refine(isTimeZone, 'Unknown time zone.').optional(),
  locale: z.string().max(35).refine(isLocale, 'Unknown locale.').optional(),
  confirmReduction: z.boolean().optional(),
  /** A switch to Permanent while deleted records are recoverable: go ahead (they stay recoverable). */
  confirmPolicyChange: z.boolean().optional(),
  /** With confirmPolicyChange: also remove the recoverable deleted records now. */
  purgeExisting: z.boolean().optional(),
});

export const accountSchema = z.object({
  id: idSchema,
  name: z.string(),
  createdAt: isoTime,
  userCount: z.number(),
  deleting: z
    .boolean()
    .describe('its deletion has started and not finished; deleting it again (or the cleanup) finishes it'),
});
export const accountBody = z.strictObject({ name: z.string().trim().min(2).max(100) });

/**
 * The typed phrase of an account's deletion, `delete account <name>`. Optional here so that a
 * missing phrase is answered like a wrong one (422 confirmation_mismatch).
 */
export const accountDeleteBody = z.strictObject({ confirmation: z.string().max(300).optional() }).nullish();

const n = z.number().int();
export const accountDeletionResult = z.object({
  deleted: z.object({ patients: n, entries: n, images: n, users: n, files: n, logs: n }),
});

export const userCreateBody = z.strictObject({
  email: z.email().max(254),
  /**
   * Left out (the usual way), the answer carries a one-time link for the user to choose a password;
   * given (for scripts), the user must change it at its first sign-in.
   */
  password: z.string().max(256).optional(),
  role: roleSchema,
  displayName: z.string().trim().max(100).optional(),
  /** Only a super administrator names the account; an account admin creates users in its own. */
  accountId: idSchema.optional(),
});
/** `PATCH /api/users/{id}`: what an administrator changes of a user (today its role). */
export const userChangeBody = z.strictObject({ role: roleSchema });
export { userSchema };

/** A one-time link to choose a password, valid 24 hours; shown once, only its hash is stored. */
export const passwordResetLink = z.object({ resetUrl: z.string(), expiresAt: isoTime });

export const userCreatedSchema = userSchema.extend({
  resetUrl: z.string().optional().describe('present when no password was given: hand it to the user'),
  resetExpiresAt: isoTime.optional(),
});

export const auditQuery = z.object({
  /** One event (the FHIR AuditEvent read). */
  id: idSchema.optional(),
  patientId: idSchema.optional(),
  userId: idSchema.optional(),
  action: z.string().max(60).optional(),
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
  sort: z.enum(['at', 'expiresAt']).default('at'),
  /** Default: newest first by time; soonest first by expiry (events without an expiry come last). */
  order: z.enum(['asc', 'desc']).optional(),
});

export const auditEventSchema = z.object({
  id: idSchema,
  seq: z.number(),
  at: isoTime,
  accountId: idSchema.nullable(),
  actorId: idSchema.nullable(),
  actorEmail: z.string().nullable(),
  ip: z.string().nullable(),
  action: z.string(),
  level: z.string(),
  targetType: z.string().nullable(),
  targetId: idSchema.nullable(),
  patientId: idSchema.nullable(),
  details: z.unknown(),
  expiresAt: isoTime.nullable(),
});

export const auditVerifyResponse = z.object({
  intact: z.boolean(),
  events: z.number(),
  firstBrokenAt: z.number().optional(),
});

const checkpointSummary = z.object({ seq: z.number(), hash: z.string(), at: z.string() });

/** GET /api/admin/audit/verify: the chain and its checkpoints outside the database. */
export const auditEvidenceResponse = z.object({
  intact: z.boolean(),
  events: z.number(),
  checked: z.object({
    keyedFrom: z.number().nullable(),
    unkeyedEvents: z.number(),
    redactedEvents: z.number(),
    checkpoints: z.number(),
    checkpointSources: z.array(z.string()),
  }),
  firstProblem: z
    .object({
      seq: z.number().nullable(),
      through: z.number().optional(),
      kind: z.enum([
        'gap',
        'content',
        'link',
        'redaction',
        'unkeyed',
        'keyed_from_moved',
        'tail_missing',
        'checkpoint_mismatch',
        'checkpoint_forged',
        'checkpoint_unreadable',
      ]),
      message: z.string(),
    })
    .nullable(),
  lastGoodCheckpoint: checkpointSummary.nullable(),
});

/** GET /api/operator-actions: newest first. */
export const operatorActionsQuery = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
});

/** What a super administrator did that reaches the caller's account: who, what, when. */
export const operatorActionSchema = z.object({
  id: idSchema,
  seq: z.number(),
  at: isoTime,
  action: z.string(),
  actorId: idSchema.nullable(),
  actorEmail: z.string().nullable(),
  targetType: z.string().nullable(),
  targetId: idSchema.nullable(),
  details: z.unknown(),
  /** `deployment`: a backup downloaded or restored, which carries every account's data. */
  scope: z.enum(['account', 'deployment']),
});

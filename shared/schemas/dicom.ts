import { z } from 'zod';
import { isoTime } from './common.ts';

export const DICOM_AUTH_KINDS = ['none', 'basic', 'bearer'] as const;

const baseUrl = z
  .string()
  .trim()
  .max(2000)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'must be an http:// or https:// URL');

/** A DICOMweb endpoint as the Manager writes it; the secret is the basic password or bearer token. */
export const dicomEndpointBody = z
  .object({
    accountId: z.string().uuid(),
    name: z.string().trim().min(1).max(64),
    baseUrl,
    authKind: z.enum(DICOM_AUTH_KINDS).default('none'),
    username: z.string().max(256).nullable().optional(),
    secret: z.string().max(4096).nullable().optional(),
  })
  .strict();

export const dicomEndpointPatch = z
  .object({
    name: z.string().trim().min(1).max(64).optional(),
    baseUrl: baseUrl.optional(),
    authKind: z.enum(DICOM_AUTH_KINDS).optional(),
    username: z.string().max(256).nullable().optional(),
    /** Absent keeps the stored secret; null removes it. */
    secret: z.string().max(4096).nullable().optional(),
  })
  .strict();

/** What reads show of an endpoint: never the secret, only whether one is stored. */
export const dicomEndpointSchema = z.object({
  id: z.string(),
  accountId: z.string(),
  name: z.string(),
  baseUrl: z.string(),
  authKind: z.enum(DICOM_AUTH_KINDS),
  username: z.string().nullable(),
  hasSecret: z.boolean(),
  createdAt: isoTime,
  updatedAt: isoTime,
});

export const dicomEndpointQuery = z.object({ accountId: z.string().uuid().optional() });

/** The endpoints a clinician may send to: names only. */
export const dicomTargetSchema = z.object({ id: z.string(), name: z.string() });

export const dicomSendBody = z
  .object({ endpointId: z.string().min(1).max(64), entryId: z.string().min(1).max(64).optional() })
  .strict();

export const dicomSendResult = z.object({
  imageId: z.string(),
  entryId: z.string().nullable(),
  studyInstanceUid: z.string(),
  sopInstanceUid: z.string(),
  status: z.enum(['sent', 'failed']),
  attempts: z.number().int(),
  error: z.string().optional(),
});

export const dicomSendResponse = z.object({
  endpoint: dicomTargetSchema,
  sent: z.number().int(),
  failed: z.number().int(),
  results: z.array(dicomSendResult),
});

export const dicomStatusQuery = z.object({ endpointId: z.string().min(1).max(64) });

export const dicomStatusResponse = z.object({
  endpoint: dicomTargetSchema,
  /** False when the PACS could not be asked; `error` says why and `images` say nothing then. */
  reachable: z.boolean(),
  error: z.string().optional(),
  images: z.array(
    z.object({ imageId: z.string(), sopInstanceUids: z.array(z.string()), inPacs: z.boolean() }),
  ),
});

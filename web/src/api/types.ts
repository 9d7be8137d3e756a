// Types of the API, inferred from the same zod schemas that validate it on the server.
import type { z } from 'zod';
import type {
  accountDeletionResult,
  accountSchema,
  auditEventSchema,
  auditEvidenceResponse,
  auditVerifyResponse,
  operatorActionSchema,
  settingsSchema,
  userCreatedSchema,
} from '../../../shared/schemas/admin.ts';
import type {
  apiTokenSchema,
  totpSetupResponse,
  totpStatus,
  userSchema,
} from '../../../shared/schemas/auth.ts';
import type {
  backupListItem,
  backupScheduleSchema,
  backupVerifyResult,
  restoreResult,
} from '../../../shared/schemas/backups.ts';
import type {
  cleanupResult,
  cleanupStatus,
  deletedUserSchema,
  userDeletionResult,
} from '../../../shared/schemas/cleanup.ts';
import type { consentSchema, imageSchema, uploadResponse } from '../../../shared/schemas/clinical.ts';
import type {
  dicomEndpointSchema,
  dicomSendResponse,
  dicomStatusResponse,
  dicomTargetSchema,
} from '../../../shared/schemas/dicom.ts';
import type { EntryChanges, entrySchema } from '../../../shared/schemas/entries.ts';
import type { expungeResult } from '../../../shared/schemas/expunge.ts';
import type { lesionSchema } from '../../../shared/schemas/lesions.ts';
import type {
  deletedItemsResponse,
  deletedPatientSchema,
  deletionResult,
} from '../../../shared/schemas/lifecycle.ts';
import type {
  historyVersionSchema,
  PatientCreate,
  PatientPatch,
  patientSchema,
} from '../../../shared/schemas/patients.ts';
import type { setupStatus } from '../../../shared/schemas/setup.ts';
import type { tagCategorySchema, tagSchema } from '../../../shared/schemas/tags.ts';

export interface List<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type User = z.infer<typeof userSchema>;
export type CreatedUser = z.infer<typeof userCreatedSchema>;
export type Role = User['role'];
export type Patient = z.infer<typeof patientSchema>;
export type { PatientCreate, PatientPatch };
export type Entry = z.infer<typeof entrySchema>;
/** What a live patch carries: the schema's input side (dates as ISO strings). */
export type EntryPatch = { [K in keyof EntryChanges]?: K extends 'appointmentAt' ? string : EntryChanges[K] };
export type Image = z.infer<typeof imageSchema>;
export type HistoryVersion = z.infer<typeof historyVersionSchema>;
export type UploadResult = z.infer<typeof uploadResponse>;
export type Consent = z.infer<typeof consentSchema>;
export type Tag = z.infer<typeof tagSchema>;
export type TagCategory = z.infer<typeof tagCategorySchema>;
export type Settings = z.infer<typeof settingsSchema>;
export type Account = z.infer<typeof accountSchema>;
export type AuditEvent = z.infer<typeof auditEventSchema>;
export type AuditVerify = z.infer<typeof auditVerifyResponse>;
export type AuditEvidence = z.infer<typeof auditEvidenceResponse>;
export type OperatorAction = z.infer<typeof operatorActionSchema>;
export type DeletedPatient = z.infer<typeof deletedPatientSchema>;
export type DeletedItems = z.infer<typeof deletedItemsResponse>;
export type DeletionResult = z.infer<typeof deletionResult>;
export type DeletedUser = z.infer<typeof deletedUserSchema>;
export type CleanupStatus = z.infer<typeof cleanupStatus>;
export type CleanupResult = z.infer<typeof cleanupResult>;
export type SetupStatus = z.infer<typeof setupStatus>;
export type TotpStatus = z.infer<typeof totpStatus>;
export type TotpSetup = z.infer<typeof totpSetupResponse>;
export type ApiToken = z.infer<typeof apiTokenSchema>;
export type AccountDeletion = z.infer<typeof accountDeletionResult>;
export type Backup = z.infer<typeof backupListItem>;
export type BackupVerify = z.infer<typeof backupVerifyResult>;
export type BackupSchedule = z.infer<typeof backupScheduleSchema>;
export type BackupRestore = z.infer<typeof restoreResult>;
export type UserDeletion = z.infer<typeof userDeletionResult>;
export type ExpungeResult = z.infer<typeof expungeResult>;
export type DicomEndpoint = z.infer<typeof dicomEndpointSchema>;
export type DicomTarget = z.infer<typeof dicomTargetSchema>;
export type DicomSend = z.infer<typeof dicomSendResponse>;
export type DicomStatus = z.infer<typeof dicomStatusResponse>;
export type Lesion = z.infer<typeof lesionSchema>;
export type LesionStatus = Lesion['status'];
export type ImageModality = Image['modality'];
export interface LesionTimelineItem {
  image: Image;
  takenAt: string;
  entryId: string | null;
  entryDate: string | null;
}

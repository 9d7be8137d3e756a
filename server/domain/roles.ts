/** The four roles of PRODUCT.md §1 and what each may do, in one place. */
export const ROLES = ['super-admin', 'admin', 'clinician', 'assistant'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that work with an account's clinical records. Super administrators operate the deployment. */
export const CLINICAL_ROLES: readonly Role[] = ['admin', 'clinician', 'assistant'];

export type Capability =
  | 'patients.read'
  | 'patients.write'
  | 'patients.history'
  | 'records.delete'
  | 'records.restore'
  /** Places and releases a legal hold on a patient (PRODUCT.md §6). */
  | 'records.hold'
  /** Hard-deletes one record with its history and files, across accounts (PRODUCT.md §6). */
  | 'records.expunge'
  | 'deleted.read'
  | 'tags.read'
  | 'tags.assign'
  | 'tags.manage'
  | 'users.manage'
  | 'accounts.manage'
  | 'settings.change'
  | 'audit.account'
  | 'audit.deployment'
  | 'cleanup.run'
  | 'backups.manage'
  /** Configures the DICOMweb endpoints (PACS) of accounts. */
  | 'dicom.endpoints'
  /** Sends images to a configured PACS. */
  | 'dicom.send';

const MATRIX: Record<Role, readonly Capability[]> = {
  'super-admin': [
    'users.manage',
    'accounts.manage',
    'settings.change',
    'audit.account',
    'audit.deployment',
    'cleanup.run',
    'records.expunge',
    'backups.manage',
    'dicom.endpoints',
  ],
  admin: [
    'patients.read',
    'patients.write',
    'patients.history',
    'records.delete',
    'records.restore',
    'records.hold',
    'deleted.read',
    'tags.read',
    'tags.assign',
    'tags.manage',
    'users.manage',
    'audit.account',
    'dicom.send',
  ],
  clinician: [
    'patients.read',
    'patients.write',
    'patients.history',
    'records.delete',
    'records.restore',
    'deleted.read',
    'tags.read',
    'tags.assign',
    'dicom.send',
  ],
  assistant: ['patients.read', 'patients.write', 'patients.history', 'tags.read', 'tags.assign'],
};

export function can(role: Role, capability: Capability): boolean {
  return MATRIX[role].includes(capability);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

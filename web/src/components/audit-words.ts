// Audit events said in words for the activity and audit views: the stored codes stay in the
// database and the API, never on screen.
import { fieldLabel, valueWords } from './history-fields.ts';

const ACTIONS: Record<string, string> = {
  'account.create': 'Account created',
  'account.delete': 'Account deleted',
  'auth.client_created': 'API client created',
  'auth.client_revoked': 'API client revoked',
  'auth.client_token': 'API client signed in',
  'auth.client_token_failed': 'API client sign-in failed',
  'auth.lockout': 'Sign-in locked after failed attempts',
  'auth.login': 'Signed in',
  'auth.login_failed': 'Sign-in failed',
  'auth.logout': 'Signed out',
  'auth.sessions_ended': 'Sessions ended',
  'auth.token_created': 'API token created',
  'auth.token_revoked': 'API token revoked',
  'auth.totp_disabled': 'Two-factor sign-in turned off',
  'auth.totp_enabled': 'Two-factor sign-in turned on',
  'auth.totp_failed': 'Two-factor code refused',
  'auth.totp_reset': 'Two-factor sign-in reset',
  'audit.chain_keyed': 'Audit trail keyed',
  'audit.verified': 'Audit trail checked',
  'auth.password_changed': 'Password changed',
  'auth.password_reset': 'Password set through a reset link',
  'auth.password_reset_issued': 'Password reset link issued',
  'backup.created': 'Backup taken',
  'backup.downloaded': 'Backup downloaded',
  'backup.failed': 'Backup failed',
  'backup.restore_failed': 'Restore failed',
  'backup.restore_refused': 'Restore refused',
  'backup.restored': 'Backup restored',
  'backup.verified': 'Backup checked',
  'cleanup.run': 'Cleanup ran',
  'consent.record': 'Consent recorded',
  'consent.revoke': 'Consent revoked',
  'dicom.endpoint.create': 'PACS endpoint added',
  'dicom.endpoint.delete': 'PACS endpoint removed',
  'dicom.endpoint.update': 'PACS endpoint changed',
  'dicom.export': 'Exported as DICOM',
  'dicom.send': 'Sent to a PACS',
  'entry.create': 'Entry created',
  'entry.delete': 'Entry deleted',
  'entry.restore': 'Entry recovered',
  'entry.update': 'Entry changed',
  expunge: 'Record expunged',
  'image.delete': 'Image deleted',
  'image.restore': 'Image recovered',
  'image.update': 'Image changed',
  'image.upload': 'Image uploaded',
  'patient.create': 'Patient created',
  'patient.delete': 'Patient deleted',
  'patient.history.view': 'Patient history viewed',
  'patient.list': 'Patient list viewed',
  'patient.restore': 'Patient recovered',
  'patient.update': 'Patient changed',
  'patient.view': 'Patient viewed',
  'patients.purge': 'Deleted patients removed for good',
  'records.remove_expired': 'Expired records removed',
  'report.create': 'Report created',
  'settings.change': 'Settings changed',
  'setup.complete': 'Set-up completed',
  'tag.create': 'Tag created',
  'tag.delete': 'Tag deleted',
  'tag.update': 'Tag changed',
  'tag_category.create': 'Tag category created',
  'tag_category.update': 'Tag category changed',
  'user.create': 'User created',
  'user.delete': 'User deleted',
  'user.restore': 'User recovered',
};

/**
 * "Entry changed: Clinical notes". An event this list does not know yet is written from its
 * code's words ("user.password_reset" → "User: password reset").
 */
export function actionWords(action: string, details?: unknown): string {
  const known = ACTIONS[action];
  const fields = (details as { fields?: unknown } | null | undefined)?.fields;
  const base =
    known ??
    (() => {
      const [subject = '', ...rest] = action.split('.');
      const what = rest.join(' ').replaceAll('_', ' ');
      const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1).replaceAll('_', ' ');
      return what ? `${cap(subject)}: ${what}` : cap(subject);
    })();
  if (Array.isArray(fields) && fields.length)
    return `${base}: ${fields.map((f) => fieldLabel(String(f))).join(', ')}`;
  return base;
}

/** The events to filter the audit log by, in words. */
export const ACTION_OPTIONS = Object.entries(ACTIONS)
  .map(([value, label]) => ({ value, label }))
  .sort((a, b) => a.label.localeCompare(b.label));

/** What an event recorded, in words ("Version: 5; Reason: duplicate"); "—" when nothing. */
export function detailsWords(details: unknown): string {
  if (!details || typeof details !== 'object') return '—';
  const parts = Object.entries(details as Record<string, unknown>)
    .filter(([k]) => k !== 'fields')
    .map(([k, v]) => `${sentence(k)}: ${valueWords(v)}`);
  return parts.length ? parts.join('; ') : '—';
}

/** "recordType" → "Record type", "reason_note" → "Reason note". */
const sentence = (key: string) => {
  const words = key
    .replaceAll('_', ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const TARGETS: Record<string, string> = {
  patient: 'Patient',
  entry: 'Entry',
  image: 'Image',
  user: 'User',
  account: 'Account',
  tag: 'Tag',
  tag_category: 'Tag category',
  backup: 'Backup',
  settings: 'Settings',
  token: 'API token',
  client: 'API client',
};
export const targetWords = (type: string | null) => (type ? (TARGETS[type] ?? sentence(type)) : '—');

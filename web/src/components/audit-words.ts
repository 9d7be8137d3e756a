// Audit events said in words for the activity and audit views: the stored codes stay in the
// database and the API, never on screen. The words are in the `audit` namespace, keyed by code.
import type { TFunction } from 'i18next';
import { fieldLabel, valueWords } from './history-fields.ts';

/** The events the words know (`audit:events.<code>`), in the order of their codes. */
const ACTIONS = [
  'account.create',
  'account.delete',
  'auth.client_created',
  'auth.client_revoked',
  'auth.client_token',
  'auth.client_token_failed',
  'auth.lockout',
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'auth.sessions_ended',
  'auth.token_created',
  'auth.token_revoked',
  'auth.totp_disabled',
  'auth.totp_enabled',
  'auth.totp_failed',
  'auth.totp_reset',
  'audit.chain_keyed',
  'audit.verified',
  'auth.password_changed',
  'auth.password_reset',
  'auth.password_reset_issued',
  'backup.created',
  'backup.downloaded',
  'backup.failed',
  'backup.restore_failed',
  'backup.restore_refused',
  'backup.restored',
  'backup.verified',
  'cleanup.run',
  'consent.record',
  'consent.revoke',
  'dicom.endpoint.create',
  'dicom.endpoint.delete',
  'dicom.endpoint.update',
  'dicom.export',
  'dicom.send',
  'entry.create',
  'entry.delete',
  'entry.restore',
  'entry.update',
  'expunge',
  'image.delete',
  'image.restore',
  'image.update',
  'image.upload',
  'patient.create',
  'patient.delete',
  'patient.history.view',
  'patient.list',
  'patient.restore',
  'patient.update',
  'patient.view',
  'patients.purge',
  'records.remove_expired',
  'report.create',
  'settings.change',
  'setup.complete',
  'tag.create',
  'tag.delete',
  'tag.update',
  'tag_category.create',
  'tag_category.update',
  'user.create',
  'user.delete',
  'user.restore',
] as const;
const KNOWN = new Set<string>(ACTIONS);

/** "recordType" → "Record type", "reason_note" → "Reason note": a code's own words, the last resort. */
const sentence = (key: string) => {
  const words = key
    .replaceAll('_', ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/**
 * "Entry changed: Clinical notes". An event this list does not know yet is written from its
 * code's words ("user.password_reset" → "User: password reset").
 */
export function actionWords(t: TFunction, action: string, details?: unknown): string {
  const fields = (details as { fields?: unknown } | null | undefined)?.fields;
  const base = KNOWN.has(action)
    ? t(`audit:events.${action}`)
    : (() => {
        const [subject = '', ...rest] = action.split('.');
        const what = rest.join(' ').replaceAll('_', ' ');
        return what ? t('audit:unknownEvent', { subject: sentence(subject), what }) : sentence(subject);
      })();
  if (Array.isArray(fields) && fields.length)
    return t('audit:eventWithFields', {
      event: base,
      fields: fields.map((f) => fieldLabel(t, String(f))).join(', '),
    });
  return base;
}

/** The events to filter the audit log by, in words, in the alphabetical order of the language. */
export const actionOptions = (t: TFunction, language: string) =>
  ACTIONS.map((value) => ({ value, label: t(`audit:events.${value}`) })).sort((a, b) =>
    a.label.localeCompare(b.label, language),
  );

/** The details the words name (`audit:details.<key>`); others are written from their key. */
const DETAIL_KEYS = new Set([
  'authKind',
  'backupId',
  'baseUrl',
  'bytes',
  'clientId',
  'code',
  'consents',
  'consentLevel',
  'count',
  'deleted',
  'email',
  'endpoint',
  'endpointId',
  'entries',
  'everything',
  'expired',
  'expiresAt',
  'expunged',
  'failures',
  'files',
  'from',
  'images',
  'logs',
  'message',
  'method',
  'minutes',
  'name',
  'patients',
  'permanent',
  'policy',
  'reason',
  'recordType',
  'restored',
  'retentionMonths',
  'role',
  'scopes',
  'sessionsEnded',
  'to',
  'trigger',
  'uniqueId',
  'version',
  'versions',
]);
const detailLabel = (t: TFunction, key: string) =>
  DETAIL_KEYS.has(key) ? t(`audit:details.${key}`) : sentence(key);

/** A detail's value in words: roles and policies by name, counts by what they count. */
function detailValue(t: TFunction, key: string, value: unknown): string {
  if (key === 'role' && typeof value === 'string') return t(`layout:roles.${value}`, { defaultValue: value });
  if (key === 'policy' && typeof value === 'string')
    return t(`audit:policies.${value}`, { defaultValue: value });
  if (value && typeof value === 'object' && !Array.isArray(value))
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => {
        // Inside a value, the counts' names start in lower case ("Expunged: images: 1, files: 3").
        const label = detailLabel(t, k);
        return t('audit:detail', {
          label: label.charAt(0).toLowerCase() + label.slice(1),
          value: valueWords(t, v),
        });
      })
      .join(', ');
  return valueWords(t, value);
}

/** What an event recorded, in words ("Version: 5; Reason: duplicate"); "—" when nothing. */
export function detailsWords(t: TFunction, details: unknown): string {
  if (!details || typeof details !== 'object') return '—';
  const parts = Object.entries(details as Record<string, unknown>)
    .filter(([k]) => k !== 'fields')
    .map(([k, v]) => t('audit:detail', { label: detailLabel(t, k), value: detailValue(t, k, v) }));
  return parts.length ? parts.join(t('audit:detailSeparator')) : '—';
}

const TARGETS = new Set([
  'patient',
  'entry',
  'image',
  'user',
  'account',
  'tag',
  'tag_category',
  'backup',
  'settings',
  'token',
  'client',
]);
export const targetWords = (t: TFunction, type: string | null) =>
  type ? (TARGETS.has(type) ? t(`audit:targets.${type}`) : sentence(type)) : '—';

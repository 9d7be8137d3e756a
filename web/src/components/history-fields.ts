// How the history view names and writes the fields of a version's snapshot (words in `history`).
import type { TFunction } from 'i18next';
import { fmtDate, fmtDateTime } from '../format.ts';

export type HistoryKind = 'patient' | 'entry' | 'image';

// In the order the history shows them: what a person typed first, identifiers and bookkeeping last
// (the stored snapshot's key order is the database's, not ours). Each is `history:fields.<name>`.
const ORDER = [
  'uniqueId',
  'firstName',
  'lastName',
  'dateOfBirth',
  'sex',
  'email',
  'phone',
  'address',
  'note',
  'appointmentAt',
  'notes',
  'caption',
  'filename',
  'tagIds',
  'workspaceImageIds',
  'comparisons',
  'physicianId',
  'sha256',
  'id',
  'patientId',
  'version',
  'createdAt',
  'lastModifiedAt',
];

/** Sorts fields into the order above; fields it does not know come last, by name. */
export function inFieldOrder<T>(list: T[], field: (t: T) => string): T[] {
  const rank = (f: string) => (ORDER.includes(f) ? ORDER.indexOf(f) : ORDER.length);
  return [...list].sort((a, b) => rank(field(a)) - rank(field(b)) || field(a).localeCompare(field(b)));
}

export const fieldLabel = (t: TFunction, field: string) =>
  ORDER.includes(field) ? t(`history:fields.${field}`) : field;

/** Names the web app knows for ids a snapshot holds (absent ones are shown as "unknown"). */
export interface Names {
  tags: Map<string, string>;
  images?: Map<string, string>;
}

const OPERATIONS = new Set(['create', 'update', 'delete', 'restore']);
/** "Created", "Changed"…; `lower` for inside a sentence ("the record was deleted"). */
export const operationWord = (t: TFunction, op: string, lower = false) =>
  OPERATIONS.has(op) ? t(`history:operations.${op}${lower ? 'Lower' : ''}`) : op;

const ids = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/** A field's value as a person reads it; an empty value is "—". */
export function fieldText(t: TFunction, field: string, value: unknown, names: Names): string {
  if (value === null || value === undefined || value === '') return '—';
  switch (field) {
    case 'tagIds': {
      const list = ids(value);
      return list.length
        ? list.map((id) => names.tags.get(id) ?? t('history:values.unknownTag')).join(', ')
        : t('history:values.noTags');
    }
    case 'workspaceImageIds': {
      const list = ids(value);
      if (list.length === 0) return t('history:values.noImages');
      const known = names.images;
      return known
        ? list.map((id) => known.get(id) ?? t('history:values.deletedImage')).join(', ')
        : t('history:values.images', { count: list.length });
    }
    case 'comparisons': {
      const list = Array.isArray(value) ? (value as { name?: string; imageIds?: unknown }[]) : [];
      if (list.length === 0) return t('history:values.none');
      return list
        .map((c) =>
          t('history:values.comparison', {
            name: c.name ?? '?',
            images: t('history:values.images', { count: ids(c.imageIds).length }),
          }),
        )
        .join('; ');
    }
    case 'appointmentAt':
    case 'createdAt':
    case 'lastModifiedAt':
      return fmtDateTime(String(value));
    case 'dateOfBirth':
      return fmtDate(String(value));
    default:
      return valueWords(t, value);
  }
}

/** Any other value in words: lists joined, yes / no, "key: value" pairs; never raw JSON. */
export function valueWords(t: TFunction, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? t('history:values.yes') : t('history:values.no');
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value))
    return value.length ? value.map((v) => valueWords(t, v)).join(', ') : t('history:values.none');
  const parts = Object.entries(value as Record<string, unknown>).map(([k, v]) =>
    t('history:values.pair', { key: k, value: valueWords(t, v) }),
  );
  return parts.length ? parts.join(', ') : '—';
}

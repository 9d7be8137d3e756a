// How the history view names and writes the fields of a version's snapshot.
import { fmtDate, fmtDateTime, plural } from '../format.ts';

export type HistoryKind = 'patient' | 'entry' | 'image';

// In the order the history shows them: what a person typed first, identifiers and bookkeeping last
// (the stored snapshot's key order is the database's, not ours).
const LABELS: Record<string, string> = {
  uniqueId: 'Unique ID',
  firstName: 'First name',
  lastName: 'Last name',
  dateOfBirth: 'Date of birth',
  sex: 'Sex',
  email: 'E-mail',
  phone: 'Phone',
  address: 'Address',
  note: 'Note',
  appointmentAt: 'Appointment',
  notes: 'Clinical notes',
  caption: 'Caption',
  filename: 'File name',
  tagIds: 'Tags',
  workspaceImageIds: 'Workspace images',
  comparisons: 'Comparisons',
  physicianId: 'Physician (user ID)',
  sha256: 'SHA-256 of the original',
  id: 'Record ID',
  patientId: 'Patient record ID',
  version: 'Version',
  createdAt: 'Created',
  lastModifiedAt: 'Last modified',
};
const ORDER = Object.keys(LABELS);

/** Sorts fields into the order above; fields it does not know come last, by name. */
export function inFieldOrder<T>(list: T[], field: (t: T) => string): T[] {
  const rank = (f: string) => (ORDER.includes(f) ? ORDER.indexOf(f) : ORDER.length);
  return [...list].sort((a, b) => rank(field(a)) - rank(field(b)) || field(a).localeCompare(field(b)));
}

export const fieldLabel = (field: string) => LABELS[field] ?? field;

/** Names the web app knows for ids a snapshot holds (absent ones are shown as "unknown"). */
export interface Names {
  tags: Map<string, string>;
  images?: Map<string, string>;
}

export const OPERATION_WORDS: Record<string, string> = {
  create: 'Created',
  update: 'Changed',
  delete: 'Deleted',
  restore: 'Recovered',
};
export const operationWord = (op: string) => OPERATION_WORDS[op] ?? op;

const ids = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/** A field's value as a person reads it; an empty value is "—". */
export function fieldText(field: string, value: unknown, names: Names): string {
  if (value === null || value === undefined || value === '') return '—';
  switch (field) {
    case 'tagIds': {
      const list = ids(value);
      return list.length ? list.map((id) => names.tags.get(id) ?? 'unknown tag').join(', ') : 'no tags';
    }
    case 'workspaceImageIds': {
      const list = ids(value);
      if (list.length === 0) return 'no images';
      const known = names.images;
      return known
        ? list.map((id) => known.get(id) ?? 'a deleted image').join(', ')
        : plural(list.length, 'image', 'images');
    }
    case 'comparisons': {
      const list = Array.isArray(value) ? (value as { name?: string; imageIds?: unknown }[]) : [];
      if (list.length === 0) return 'none';
      return list
        .map((c) => `${c.name ?? '?'} (${plural(ids(c.imageIds).length, 'image', 'images')})`)
        .join('; ');
    }
    case 'appointmentAt':
    case 'createdAt':
    case 'lastModifiedAt':
      return fmtDateTime(String(value));
    case 'dateOfBirth':
      return fmtDate(String(value));
    default:
      return valueWords(value);
  }
}

/** Any other value in words: lists joined, yes / no, "key: value" pairs; never raw JSON. */
export function valueWords(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return value.length ? value.map(valueWords).join(', ') : 'none';
  const parts = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}: ${valueWords(v)}`);
  return parts.length ? parts.join(', ') : '—';
}

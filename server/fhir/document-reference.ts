import type { DocumentReference } from '@medplum/fhirtypes';
import { notFound } from '../errors.ts';
import { getEntry, listEntries } from '../services/entries/entry-use-cases.ts';
import { getPatient } from '../services/patients/get-patient.ts';
import { badRequest } from './outcome.ts';
import { searchAnswerOf } from './search/run.ts';
import type { SearchParam } from './search/types.ts';
import { idOfReference } from './search/where.ts';
import type { Call, ResourceHandler } from './types.ts';

// A patient's PDF report (GET /api/patients/{id}/report.pdf), and each entry's, as a
// DocumentReference: `patient-{id}` and `entry-{id}`; the PDF itself is Binary `report-{that id}`,
// made when it is read.

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const REPORT_ID = new RegExp(`^(patient|entry)-(${UUID})$`, 'i');

/** What a report id names: the whole patient's report or one entry's; 404 for anything else. */
export function reportOf(id: string): { kind: 'patient' | 'entry'; id: string } | undefined {
  const m = REPORT_ID.exec(id);
  return m
    ? { kind: m[1]?.toLowerCase() as 'patient' | 'entry', id: (m[2] as string).toLowerCase() }
    : undefined;
}

function toDocumentReference(
  call: Call,
  r: { id: string; patientId: string; entryId?: string; date: string; title: string },
): DocumentReference {
  return {
    resourceType: 'DocumentReference',
    id: r.id,
    meta: { lastUpdated: r.date },
    status: 'current',
    type: { text: 'Clinical photography report' },
    subject: { reference: `Patient/${r.patientId}` },
    date: r.date,
    description: r.title,
    content: [
      {
        attachment: {
          contentType: 'application/pdf',
          url: `${call.base}/Binary/report-${r.id}`,
          title: r.title,
        },
      },
    ],
    ...(r.entryId ? { context: { encounter: [{ reference: `Encounter/${r.entryId}` }] } } : {}),
  };
}

/** The patient's report, then one per entry by appointment. */
async function reportsOf(call: Call, patientId: string): Promise<DocumentReference[]> {
  const p = await getPatient(call.ctx, call.actor, patientId);
  const { items } = await listEntries(call.ctx, call.actor, patientId);
  return [
    toDocumentReference(call, {
      id: `patient-${p.id}`,
      patientId: p.id,
      date: p.lastModifiedAt,
      title: `Report of patient ${p.uniqueId}`,
    }),
    ...items.map((e) =>
      toDocumentReference(call, {
        id: `entry-${e.id}`,
        patientId: p.id,
        entryId: e.id,
        date: e.lastModifiedAt,
        title: `Report of patient ${p.uniqueId}, entry of ${e.appointmentAt.slice(0, 10)}`,
      }),
    ),
  ];
}

const patientParam: SearchParam = {
  name: 'patient',
  type: 'reference',
  documentation: 'The patient (required): Patient/{id} or {id}',
};

export const documentReferenceHandler: ResourceHandler = {
  type: 'DocumentReference',
  search: {
    params: [patientParam, { ...patientParam, name: 'subject' }],
    async run(call, q) {
      const refs = q.clauses.filter((c) => c.param.name === 'patient' || c.param.name === 'subject');
      const [clause, ...more] = refs;
      if (!clause || more.length || clause.values.length !== 1 || clause.modifier) {
        throw badRequest('DocumentReference search needs exactly one patient.');
      }
      const id = idOfReference(clause.values[0]?.raw ?? '', 'Patient');
      if (!id) return searchAnswerOf([], q);
      return searchAnswerOf(await reportsOf(call, id), q);
    },
  },
  async read(call, id) {
    const report = reportOf(id);
    if (!report) throw notFound('report');
    if (report.kind === 'patient') {
      const [whole] = await reportsOf(call, report.id);
      return whole as DocumentReference;
    }
    const e = await getEntry(call.ctx, call.actor, report.id);
    const all = await reportsOf(call, e.patientId);
    return all.find((r) => r.id === id) as DocumentReference;
  },
};

import { buffer } from 'node:stream/consumers';
import type { Binary } from '@medplum/fhirtypes';
import { notFound } from '../errors.ts';
import { getEntry } from '../services/entries/entry-use-cases.ts';
import { imageFile } from '../services/images/image-use-cases.ts';
import { patientReport } from '../services/reports/patient-report.ts';
import { reportOf } from './document-reference.ts';
import type { Call, ResourceHandler } from './types.ts';

/** The bytes a Binary id names: an image's original file (`{image id}`) or a report (`report-…`). */
export async function binaryContent(call: Call, id: string): Promise<{ contentType: string; data: Buffer }> {
  if (id.startsWith('report-')) {
    const report = reportOf(id.slice('report-'.length));
    if (!report) throw notFound('report');
    const patientId =
      report.kind === 'patient' ? report.id : (await getEntry(call.ctx, call.actor, report.id)).patientId;
    const entryId = report.kind === 'entry' ? report.id : undefined;
    const made = await patientReport(call.ctx, call.deps.storage, call.actor, patientId, entryId);
    return { contentType: 'application/pdf', data: made.pdf };
  }
  const file = await imageFile(call.ctx, call.deps.storage, call.actor, id, 'original');
  return { contentType: file.contentType, data: await buffer(file.stream) };
}

export const binaryHandler: ResourceHandler = {
  type: 'Binary',
  async read(call, id): Promise<Binary> {
    const { contentType, data } = await binaryContent(call, id);
    return { resourceType: 'Binary', id, contentType, data: data.toString('base64') };
  },
};

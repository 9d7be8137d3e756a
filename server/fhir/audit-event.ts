import type { AuditEvent, AuditEventEntity } from '@medplum/fhirtypes';
import { auditQuery } from '../../shared/schemas/admin.ts';
import { notFound } from '../errors.ts';
import { listAudit } from '../services/audit-read.ts';
import { badRequest } from './outcome.ts';
import { validated } from './params.ts';
import { idOfReference } from './search/where.ts';
import { SYSTEM, userReference } from './systems.ts';
import type { ResourceHandler } from './types.ts';

/** A patient id no record has: a reference to something else matches nothing. */
const NO_ID = '00000000-0000-0000-0000-000000000000';

type Event = Awaited<ReturnType<typeof listAudit>>['items'][number];

const TARGET_TYPES: Record<string, string> = {
  patient: 'Patient',
  entry: 'Encounter',
  image: 'Media',
  consent: 'Consent',
};

/** C, R, U, D from the action's verb; everything else (sign-in, settings, cleanup) is E. */
function actionCode(action: string): AuditEvent['action'] {
  if (/\.(create|record)$/.test(action)) return 'C';
  if (/\.(view|list)$/.test(action)) return 'R';
  if (/\.(update|restore|revoke)$/.test(action)) return 'U';
  if (/\.(delete|expunge)$/.test(action)) return 'D';
  return 'E';
}

/** One event of the audit trail, read-only. Removed content (retention) leaves only what remains. */
export function toAuditEvent(e: Event): AuditEvent {
  const entity: AuditEventEntity[] = [];
  if (e.patientId) entity.push({ what: { reference: `Patient/${e.patientId}` } });
  const target = e.targetType ? TARGET_TYPES[e.targetType] : undefined;
  if (e.targetId && !(target === 'Patient' && e.targetId === e.patientId)) {
    entity.push({
      what: target
        ? { reference: `${target}/${e.targetId}` }
        : { identifier: { system: `urn:vellum:${e.targetType ?? 'record'}`, value: e.targetId } },
    });
  }
  const who = userReference(e.actorId, e.actorEmail) ?? { display: e.actorEmail ?? 'system' };
  return {
    resourceType: 'AuditEvent',
    id: e.id,
    meta: { lastUpdated: e.at },
    type: {
      system: 'http://terminology.hl7.org/CodeSystem/audit-event-type',
      code: 'rest',
      display: 'RESTful Operation',
    },
    subtype: [{ system: SYSTEM.auditAction, code: e.action }],
    action: actionCode(e.action),
    recorded: e.at,
    outcome: e.action.endsWith('_failed') ? '4' : '0',
    agent: [{ who, requestor: true, ...(e.ip ? { network: { address: e.ip, type: '2' } } : {}) }],
    source: { observer: { display: 'Vellum' } },
    ...(entity.length ? { entity } : {}),
  };
}

export const auditEventHandler: ResourceHandler = {
  type: 'AuditEvent',
  search: {
    params: [
      { name: 'patient', type: 'reference', documentation: "A patient's activity: Patient/{id} or {id}" },
      { name: 'agent', type: 'reference', documentation: 'The acting user, by id' },
    ],
    async run(call, q) {
      const one = (name: string) => {
        const values = q.clauses.filter((c) => c.param.name === name).flatMap((c) => c.values);
        if (values.length > 1) throw badRequest(`AuditEvent takes one ${name}.`);
        return values[0]?.raw;
      };
      const patient = one('patient');
      const patientId = patient === undefined ? undefined : (idOfReference(patient, 'Patient') ?? NO_ID);
      const query = validated(auditQuery, {
        patientId,
        userId: one('agent')?.split('/').pop(),
        page: q.page.page,
        pageSize: Math.max(q.page.count, 1),
      });
      const result = await listAudit(call.ctx, call.actor, query);
      const resources = q.totalOnly ? [] : result.items.map(toAuditEvent);
      return { resources, total: result.total, included: [] };
    },
  },
  async read(call, id) {
    const query = validated(auditQuery, { id, pageSize: 1 });
    const [event] = (await listAudit(call.ctx, call.actor, query)).items;
    if (!event) throw notFound('audit event');
    return toAuditEvent(event);
  },
};

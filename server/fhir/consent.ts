import type { Consent } from '@medplum/fhirtypes';
import { count, sql } from 'drizzle-orm';
import { consents } from '../db/schema-clinical.ts';
import { getConsent, presentConsent } from '../services/consent/consent-use-cases.ts';
import { consentParams, consentScope } from './search/record-params.ts';
import { runTableSearch } from './search/run.ts';
import type { TableSearch } from './search/types.ts';
import { SYSTEM } from './systems.ts';
import type { Call, ResourceHandler } from './types.ts';

type PresentedConsent = ReturnType<typeof presentConsent>;

/**
 * A photography consent event. The patient is the one who consents (performer); a drawn signature
 * is the source attachment, an externally verified consent (verbal, written, other) a verification.
 * Who recorded or revoked it is in the audit trail (AuditEvent).
 */
export function toConsent(call: Call, c: PresentedConsent): Consent {
  const patient = { reference: `Patient/${c.patientId}` };
  return {
    resourceType: 'Consent',
    id: c.id,
    meta: { lastUpdated: c.revokedAt ?? c.recordedAt },
    status: c.status === 'active' ? 'active' : 'inactive',
    scope: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }],
    },
    category: [
      { coding: [{ system: 'http://loinc.org', code: '59284-0', display: 'Patient Consent' }] },
      { coding: [{ system: SYSTEM.consentMethod, code: c.method }], text: 'Clinical photography' },
    ],
    patient,
    // Opt-in to clinical photography under the practice's policy (R4 requires policy or policyRule).
    policyRule: {
      coding: [
        { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTIN', display: 'opt-in' },
      ],
    },
    dateTime: c.recordedAt,
    performer: [patient],
    ...(c.signatureUrl
      ? {
          sourceAttachment: {
            contentType: 'image/png',
            url: `${call.origin}${c.signatureUrl}`,
            title: 'Drawn signature',
          },
        }
      : { verification: [{ verified: true, verificationDate: c.recordedAt }] }),
  };
}

/** Consent search over the consent events, newest first. */
const consentTable: TableSearch = {
  params: consentParams,
  scope: consentScope,
  defaultSort: [sql`${consents.recordedAt} desc`],
  idColumn: sql`${consents.id}`,
  async count(db, where) {
    const [row] = await db.select({ n: count() }).from(consents).where(where);
    return row?.n ?? 0;
  },
  async page(call, where, order, limit, offset) {
    const rows = await call.ctx.db
      .select()
      .from(consents)
      .where(where)
      .orderBy(...order)
      .limit(limit)
      .offset(offset);
    return rows.map((r) => toConsent(call, presentConsent(r)));
  },
};

export const consentHandler: ResourceHandler = {
  type: 'Consent',
  search: { params: consentParams, run: (call, q) => runTableSearch(consentTable, call, q) },
  async read(call, id) {
    return toConsent(call, await getConsent(call.ctx, call.actor, id));
  },
};

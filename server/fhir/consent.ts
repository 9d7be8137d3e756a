import type { Consent } from '@medplum/fhirtypes';
import { getConsent, listConsents, type presentConsent } from '../services/consent/consent-use-cases.ts';
import { searchedPatient } from './encounter.ts';
import { slice } from './params.ts';
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

export const consentHandler: ResourceHandler = {
  type: 'Consent',
  searchParams: [{ name: 'patient', type: 'reference', documentation: 'The patient (required)' }],
  async read(call, id) {
    return toConsent(call, await getConsent(call.ctx, call.actor, id));
  },
  async search(call, params, page) {
    const { items } = await listConsents(call.ctx, call.actor, searchedPatient(params));
    return { resources: slice(items, page).map((c) => toConsent(call, c)), total: items.length };
  },
};

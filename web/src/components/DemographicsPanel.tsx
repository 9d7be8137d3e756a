import { Accordion, Text } from '@mantine/core';
import type { Patient } from '../api/types.ts';
import { patientName } from '../format.ts';
import { PatientFieldsForm } from './PatientFieldsForm.tsx';

/** The patient's fields folded away under one line, so the photos come first; opened on demand. */
export function DemographicsPanel({ patient }: { patient: Patient }) {
  const summary = [patientName(patient), patient.dateOfBirth && `born ${patient.dateOfBirth}`]
    .filter(Boolean)
    .join(', ');
  return (
    <Accordion variant="contained" chevronPosition="right">
      <Accordion.Item value="demographics">
        <Accordion.Control>
          <Text fw={600} span>
            Demographics
          </Text>{' '}
          <Text size="sm" c="dimmed" span>
            {summary}
          </Text>
        </Accordion.Control>
        <Accordion.Panel>
          <PatientFieldsForm patient={patient} />
        </Accordion.Panel>
      </Accordion.Item>
    </Accordion>
  );
}

import { Card, Group, Pagination, Skeleton, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { Patient, Tag } from '../api/types.ts';
import { fmtDate, patientName, plural } from '../format.ts';
import { TagChips } from './Tags.tsx';

/** The patient list on a phone: one card per patient, the whole card a link, counts in words. */
export function PatientCards({
  patients,
  tags,
  loading,
  total,
  page,
  pageSize,
  onPage,
}: {
  patients: Patient[];
  tags?: Tag[];
  loading: boolean;
  total: number;
  page: number;
  pageSize: number;
  onPage: (page: number) => void;
}) {
  if (loading) {
    return (
      <Stack data-testid="patients-loading" aria-busy="true" aria-label="Loading patients">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} h={96} />
        ))}
      </Stack>
    );
  }
  if (patients.length === 0) return <Text>No patients match</Text>;
  return (
    <Stack gap="sm">
      <Stack
        gap="sm"
        component="ul"
        aria-label="Patients"
        style={{ listStyle: 'none', padding: 0, margin: 0 }}
      >
        {patients.map((p) => (
          <li key={p.id}>
            <Card
              withBorder
              component={Link}
              to={`/patients/${p.id}`}
              data-testid="patient-card"
              padding="sm"
            >
              <Group justify="space-between" wrap="nowrap">
                <Text fw={700}>{p.uniqueId}</Text>
                <Text size="sm" c="dimmed">
                  {fmtDate(p.lastAppointmentAt)}
                </Text>
              </Group>
              <Text size="sm">{patientName(p)}</Text>
              <Text size="sm" c="dimmed">
                {plural(p.entryCount, 'entry', 'entries')} · {plural(p.imageCount, 'image', 'images')}
              </Text>
              <TagChips ids={p.effectiveTagIds} tags={tags} />
            </Card>
          </li>
        ))}
      </Stack>
      {total > pageSize && (
        <Pagination
          total={Math.ceil(total / pageSize)}
          value={page}
          onChange={onPage}
          getControlProps={(control) => ({ 'aria-label': `${control} page` })}
          getItemProps={(n) => ({ 'aria-label': `Page ${n}` })}
        />
      )}
    </Stack>
  );
}

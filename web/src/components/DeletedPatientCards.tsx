import { Button, Card, Group, Pagination, Skeleton, Stack, Text } from '@mantine/core';
import type { DeletedPatient } from '../api/types.ts';
import { countdown, fmtDateTime, patientName } from '../format.ts';
import { DeletionReasonText } from './DeletionReason.tsx';

/** Deleted patients on a phone: one card each, the countdown and Recover always in view. */
export function DeletedPatientCards({
  patients,
  loading,
  total,
  page,
  pageSize,
  onPage,
  onRecover,
}: {
  patients: DeletedPatient[];
  loading: boolean;
  total: number;
  page: number;
  pageSize: number;
  onPage: (page: number) => void;
  onRecover: (patient: DeletedPatient) => void;
}) {
  if (loading) {
    return (
      <Stack aria-busy="true" aria-label="Loading deleted patients">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} h={110} />
        ))}
      </Stack>
    );
  }
  if (patients.length === 0) return <Text>No deleted patients</Text>;
  return (
    <Stack gap="sm">
      <Stack
        gap="sm"
        component="ul"
        aria-label="Deleted patients"
        style={{ listStyle: 'none', padding: 0, margin: 0 }}
      >
        {patients.map((p) => (
          <li key={p.id}>
            <Card withBorder padding="sm" data-testid="deleted-card">
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <div>
                  <Text fw={700}>{p.uniqueId}</Text>
                  <Text size="sm">{patientName(p)}</Text>
                </div>
                <Button variant="light" onClick={() => onRecover(p)} aria-label={`Recover ${p.uniqueId}`}>
                  Recover
                </Button>
              </Group>
              <Text size="sm" c="dimmed">
                Deleted {fmtDateTime(p.deletedAt)}
                {p.deletedByEmail ? ` by ${p.deletedByEmail}` : ''}
              </Text>
              <DeletionReasonText reason={p.reason} reasonNote={p.reasonNote} />
              {p.expiresAt ? (
                <Text size="sm" title={fmtDateTime(p.expiresAt)}>
                  Removed for good {countdown(p.expiresAt)}
                </Text>
              ) : (
                <Text size="sm" c="orange.9" title={p.holdReason ?? undefined}>
                  Legal hold: kept until the hold is released
                </Text>
              )}
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

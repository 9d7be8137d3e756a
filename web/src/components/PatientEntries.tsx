import { Anchor, Button, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { get, post } from '../api/client.ts';
import type { Entry, List } from '../api/types.ts';
import { fmtDateTime, plural } from '../format.ts';

/** The patient's clinical entries, newest appointment first, and a button for a new one. */
export function PatientEntries({ patientId }: { patientId: string }) {
  const navigate = useNavigate();
  const client = useQueryClient();
  const entries = useQuery({
    queryKey: ['entries', patientId],
    queryFn: () => get<List<Entry>>(`/api/patients/${patientId}/entries`),
  });
  const items = [...(entries.data?.items ?? [])].sort((a, b) =>
    b.appointmentAt.localeCompare(a.appointmentAt),
  );
  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={2} size="h4">
            Entries
          </Title>
          <Button
            size="xs"
            onClick={async () => {
              const e = await post<Entry>(`/api/patients/${patientId}/entries`, {
                appointmentAt: new Date().toISOString(),
              });
              await client.invalidateQueries({ queryKey: ['patient', patientId] });
              navigate(`/entries/${e.id}`);
            }}
          >
            New entry
          </Button>
        </Group>
        {entries.isPending && <Skeleton h={48} aria-label="Loading entries" data-testid="entries-loading" />}
        {entries.isSuccess && items.length === 0 && <Text c="dimmed">No entries yet.</Text>}
        {items.map((e) => (
          <Group key={e.id} justify="space-between" wrap="nowrap">
            <Anchor component={Link} to={`/entries/${e.id}`}>
              {fmtDateTime(e.appointmentAt)}
            </Anchor>
            <Text size="sm" c="dimmed" truncate maw="60%">
              {e.notes ||
                `${plural(e.workspaceImageIds.length, 'image', 'images')}, ${plural(e.comparisons.length, 'comparison', 'comparisons')}`}
            </Text>
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}

import { Alert, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { get, post } from '../api/client.ts';
import type { CleanupResult, CleanupStatus } from '../api/types.ts';
import { fmtDateTime } from '../format.ts';

/** The daily cleanup: its last run, what it removed, failures, the next run, and "run now". */
export function ManagerCleanup() {
  const client = useQueryClient();
  const [running, setRunning] = useState(false);
  const status = useQuery({ queryKey: ['cleanup'], queryFn: () => get<CleanupStatus>('/api/admin/cleanup') });
  const last = status.data?.lastRun;
  return (
    <Paper withBorder p="md">
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h3">
            Cleanup
          </Title>
          <Button
            loading={running}
            onClick={async () => {
              setRunning(true);
              try {
                const r = await post<CleanupResult>('/api/admin/cleanup');
                const n = Object.values(r.removed).reduce((a, b) => a + b, 0);
                notifications.show({
                  color: 'vellum',
                  message: `Cleanup finished: ${n} expired items removed.`,
                });
                await client.invalidateQueries({ queryKey: ['cleanup'] });
              } finally {
                setRunning(false);
              }
            }}
          >
            Run now
          </Button>
        </Group>
        <Text size="sm">
          Runs by itself every day (next: {fmtDateTime(status.data?.nextRunAt)}). It removes expired deleted
          records and their files, files first.
        </Text>
        {last ? (
          <>
            <Text size="sm" data-testid="cleanup-last-run">
              Last run: {fmtDateTime(last.startedAt)} ({last.trigger})
              {last.finishedAt ? '' : ' — stopped halfway; the next run finishes it'}
            </Text>
            {last.removed && (
              <Table withTableBorder w="fit-content" aria-label="Removed by the last run">
                <Table.Tbody>
                  {Object.entries(last.removed).map(([k, v]) => (
                    <Table.Tr key={k}>
                      <Table.Th>{k}</Table.Th>
                      <Table.Td>{v}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
            {last.failures.length > 0 && (
              <Alert color="red" title={`${last.failures.length} failures`}>
                {last.failures.map((f) => `${f.kind} ${f.id ?? ''}: ${f.message}`).join('; ')}
              </Alert>
            )}
          </>
        ) : (
          <Text size="sm" c="dimmed">
            No run yet.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

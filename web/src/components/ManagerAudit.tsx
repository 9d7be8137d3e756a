import { Alert, Button, Group, Paper, Stack, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { get } from '../api/client.ts';
import type { AuditEvent, AuditVerify, List } from '../api/types.ts';
import { AuditTable } from './AuditTable.tsx';

/** The whole audit trail with filters, and the check of its hash chain. */
export function ManagerAudit() {
  const [filters, setFilters] = useState({ action: '', from: '', to: '', userId: '' });
  const [page, setPage] = useState(1);
  const [verify, setVerify] = useState<AuditVerify | null>(null);
  const [checking, setChecking] = useState(false);
  const log = useQuery({
    queryKey: ['audit', filters, page],
    queryFn: () => get<List<AuditEvent>>('/api/audit', { ...filters, page, pageSize: 25 }),
    placeholderData: keepPreviousData,
  });
  const field = (key: keyof typeof filters, label: string, placeholder: string) => (
    <TextInput
      label={label}
      placeholder={placeholder}
      value={filters[key]}
      onChange={(e) => {
        setFilters({ ...filters, [key]: e.currentTarget.value });
        setPage(1);
      }}
    />
  );
  return (
    <Paper withBorder p="md">
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h3">
            Audit log
          </Title>
          <Button
            variant="light"
            loading={checking}
            onClick={async () => {
              setChecking(true);
              try {
                setVerify(await get<AuditVerify>('/api/audit/verify'));
              } finally {
                setChecking(false);
              }
            }}
          >
            Check the chain
          </Button>
        </Group>
        {verify && (
          <Alert
            color={verify.intact ? 'vellum' : 'red'}
            role="status"
            title={verify.intact ? 'Chain intact' : 'Chain broken'}
          >
            {verify.intact
              ? `All ${verify.events} events link to the one before: nothing was altered or removed.`
              : `The chain breaks at event ${verify.firstBrokenAt}: an event was altered or removed outside Vellum.`}
          </Alert>
        )}
        <Group grow align="flex-end">
          {field('action', 'Event', 'e.g. patient.delete')}
          {field('userId', 'User id', 'any user')}
          {field('from', 'From', 'YYYY-MM-DD')}
          {field('to', 'To', 'YYYY-MM-DD')}
        </Group>
        {log.error && <Alert color="red">{log.error.message}</Alert>}
        <AuditTable
          label="Audit log"
          events={log.data?.items ?? []}
          total={log.data?.total ?? 0}
          page={page}
          pageSize={25}
          onPage={setPage}
          fetching={log.isFetching}
        />
      </Stack>
    </Paper>
  );
}

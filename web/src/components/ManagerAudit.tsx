import { Alert, Button, Group, Paper, Select, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { get } from '../api/client.ts';
import type { AuditEvent, AuditEvidence, List, User } from '../api/types.ts';
import { fmtDateTime } from '../format.ts';
import { AuditTable } from './AuditTable.tsx';
import { ACTION_OPTIONS } from './audit-words.ts';

/** The whole audit trail with filters, and the check of its hash chain. */
export function ManagerAudit() {
  const [filters, setFilters] = useState({ action: '', from: '', to: '', userId: '', sort: 'at' });
  const [page, setPage] = useState(1);
  const [verify, setVerify] = useState<AuditEvidence | null>(null);
  const [checking, setChecking] = useState(false);
  const log = useQuery({
    queryKey: ['audit', filters, page],
    queryFn: () => get<List<AuditEvent>>('/api/audit', { ...filters, page, pageSize: 25 }),
    // Paging keeps the rows shown until the next page comes; a filter change does not: rows of the
    // old filter under the new one would read as matching it (the table shows it is loading).
    placeholderData: (previous, query) =>
      JSON.stringify(query?.queryKey[1]) === JSON.stringify(filters) ? previous : undefined,
  });
  // The people to filter by, chosen by e-mail rather than typed as ids.
  const users = useQuery({ queryKey: ['users'], queryFn: () => get<List<User>>('/api/users') });
  const set = (key: keyof typeof filters, value: string) => {
    setFilters((current) => ({ ...current, [key]: value }));
    setPage(1);
  };
  const field = (key: 'from' | 'to', label: string, placeholder: string, type = 'text') => (
    <TextInput
      label={label}
      placeholder={placeholder}
      type={type}
      value={filters[key]}
      onChange={(e) => set(key, e.currentTarget.value)}
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
                setVerify(await get<AuditEvidence>('/api/admin/audit/verify'));
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
              ? `All ${verify.events} events are linked under the audit key and match ${verify.checked.checkpoints} signed checkpoints: nothing was altered or removed.`
              : `${verify.firstProblem?.message ?? ''} (event ${verify.firstProblem?.seq ?? '—'}, ${verify.firstProblem?.kind}). Something was changed outside Vellum.`}{' '}
            {verify.lastGoodCheckpoint
              ? `Last good checkpoint: event ${verify.lastGoodCheckpoint.seq}, ${fmtDateTime(verify.lastGoodCheckpoint.at)}.`
              : 'No checkpoint holds yet.'}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 5 }}>
          <Select
            label="Event"
            placeholder="any event"
            searchable
            clearable
            data={ACTION_OPTIONS}
            value={filters.action || null}
            onChange={(v) => set('action', v ?? '')}
          />
          <Select
            label="Who"
            placeholder="anyone"
            searchable
            clearable
            data={(users.data?.items ?? []).map((u) => ({ value: u.id, label: u.email }))}
            value={filters.userId || null}
            onChange={(v) => set('userId', v ?? '')}
          />
          {field('from', 'From date', 'YYYY-MM-DD', 'date')}
          {field('to', 'To date', 'YYYY-MM-DD', 'date')}
          <Select
            label="Order"
            allowDeselect={false}
            data={[
              { value: 'at', label: 'Newest first' },
              { value: 'expiresAt', label: 'Soonest expiry first' },
            ]}
            value={filters.sort}
            onChange={(v) => set('sort', v ?? 'at')}
          />
        </SimpleGrid>
        {log.error && <Alert color="red">{log.error.message}</Alert>}
        <AuditTable
          withDetails
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

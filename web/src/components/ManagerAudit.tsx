import { Alert, Button, Group, Paper, Select, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../api/client.ts';
import type { AuditEvent, AuditEvidence, List, User } from '../api/types.ts';
import { fmtDateTime } from '../format.ts';
import { AuditTable } from './AuditTable.tsx';
import { actionOptions } from './audit-words.ts';

/** The whole audit trail with filters, and the check of its hash chain. */
export function ManagerAudit() {
  const { t, i18n } = useTranslation('manager');
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
            {t('audit.title')}
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
            {t('audit.check')}
          </Button>
        </Group>
        {verify && (
          <Alert
            color={verify.intact ? 'vellum' : 'red'}
            role="status"
            title={verify.intact ? t('audit.intact') : t('audit.broken')}
          >
            {verify.intact
              ? t('audit.intactText', { count: verify.events, checkpoints: verify.checked.checkpoints })
              : t('audit.brokenText', {
                  message: verify.firstProblem?.message ?? '',
                  seq: verify.firstProblem?.seq ?? '—',
                  kind: verify.firstProblem?.kind,
                })}{' '}
            {verify.lastGoodCheckpoint
              ? t('audit.lastGood', {
                  seq: verify.lastGoodCheckpoint.seq,
                  when: fmtDateTime(verify.lastGoodCheckpoint.at),
                })
              : t('audit.noCheckpoint')}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 5 }}>
          <Select
            label={t('audit.event')}
            placeholder={t('audit.anyEvent')}
            searchable
            clearable
            data={actionOptions(t, i18n.language)}
            value={filters.action || null}
            onChange={(v) => set('action', v ?? '')}
          />
          <Select
            label={t('audit.who')}
            placeholder={t('audit.anyone')}
            searchable
            clearable
            data={(users.data?.items ?? []).map((u) => ({ value: u.id, label: u.email }))}
            value={filters.userId || null}
            onChange={(v) => set('userId', v ?? '')}
          />
          {field('from', t('audit.fromDate'), t('audit.datePlaceholder'), 'date')}
          {field('to', t('audit.toDate'), t('audit.datePlaceholder'), 'date')}
          <Select
            label={t('audit.order')}
            allowDeselect={false}
            data={[
              { value: 'at', label: t('audit.newestFirst') },
              { value: 'expiresAt', label: t('audit.soonestExpiry') },
            ]}
            value={filters.sort}
            onChange={(v) => set('sort', v ?? 'at')}
          />
        </SimpleGrid>
        {log.error && <Alert color="red">{log.error.message}</Alert>}
        <AuditTable
          withDetails
          label={t('audit.title')}
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

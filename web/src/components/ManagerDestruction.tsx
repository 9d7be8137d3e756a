import { Anchor, Button, Code, Group, Modal, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { DataTable } from 'mantine-datatable';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type {
  destructionRecordSchema,
  destructionRecordSummary,
} from '../../../shared/schemas/destruction.ts';
import { get } from '../api/client.ts';
import type { List } from '../api/types.ts';
import { fmtDateTime } from '../format.ts';

type Summary = z.infer<typeof destructionRecordSummary>;
type DestructionRecord = z.infer<typeof destructionRecordSchema>;

const PAGE_SIZE = 25;

/** The super administrator's destruction records, newest first: open one, download its CSV or PDF. */
export function ManagerDestruction() {
  const { t } = useTranslation('lifecycle');
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<Summary | null>(null);
  const list = useQuery({
    queryKey: ['destruction-records', page],
    queryFn: () => get<List<Summary>>(`/api/admin/destruction-records?page=${page}&pageSize=${PAGE_SIZE}`),
    placeholderData: keepPreviousData,
  });
  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={2} size="h3">
          {t('destruction.title')}
        </Title>
        <Text size="sm">{t('destruction.intro')}</Text>
        <DataTable
          aria-label={t('destruction.title')}
          withTableBorder
          striped
          minHeight={120}
          noRecordsText={t('destruction.none')}
          fetching={list.isFetching}
          records={list.data?.items ?? []}
          totalRecords={list.data?.total ?? 0}
          recordsPerPage={PAGE_SIZE}
          page={page}
          onPageChange={setPage}
          paginationText={({ from, to, totalRecords }) =>
            t('destruction.range', { from, to, total: totalRecords })
          }
          columns={[
            { accessor: 'createdAt', title: t('destruction.when'), render: (r) => fmtDateTime(r.createdAt) },
            {
              accessor: 'trigger',
              title: t('destruction.trigger'),
              render: (r) => t(`destruction.triggers.${r.trigger}`),
            },
            { accessor: 'triggeredBy', title: t('destruction.by') },
            {
              accessor: 'counts',
              title: t('destruction.removed'),
              render: (r) => t('destruction.counts', r.counts),
            },
            {
              accessor: 'actions',
              title: '',
              textAlign: 'right',
              render: (r) => (
                <Button
                  size="xs"
                  variant="light"
                  onClick={() => setOpen(r)}
                  aria-label={t('destruction.openLabel', { when: fmtDateTime(r.createdAt) })}
                >
                  {t('destruction.open')}
                </Button>
              ),
            },
          ]}
        />
      </Stack>
      {open && <DestructionRecordModal summary={open} onClose={() => setOpen(null)} />}
    </Paper>
  );
}

function DestructionRecordModal({ summary, onClose }: { summary: Summary; onClose: () => void }) {
  const { t } = useTranslation('lifecycle');
  const record = useQuery({
    queryKey: ['destruction-record', summary.id],
    queryFn: () => get<DestructionRecord>(`/api/admin/destruction-records/${summary.id}`),
  });
  const base = `/api/admin/destruction-records/${summary.id}`;
  return (
    <Modal
      opened
      onClose={onClose}
      size="xl"
      title={t('destruction.detailTitle', { when: fmtDateTime(summary.createdAt) })}
      closeButtonProps={{ 'aria-label': t('common:close') }}
    >
      <Stack>
        <Text size="sm">
          {t(`destruction.triggers.${summary.trigger}`)} · {summary.triggeredBy} · {t('destruction.rule')}:{' '}
          {summary.rule}
        </Text>
        <Text size="sm">{t('destruction.counts', summary.counts)}</Text>
        <Group>
          <Anchor href={`${base}/csv`} download>
            {t('destruction.csv')}
          </Anchor>
          <Anchor href={`${base}/certificate`} download>
            {t('destruction.pdf')}
          </Anchor>
        </Group>
        <Table.ScrollContainer minWidth={600}>
          <Table striped data-testid="destroyed-items">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('destruction.kind')}</Table.Th>
                <Table.Th>{t('destruction.id')}</Table.Th>
                <Table.Th>{t('destruction.uniqueIdHash')}</Table.Th>
                <Table.Th>{t('destruction.files')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(record.data?.items ?? []).map((i) => (
                <Table.Tr key={`${i.kind}-${i.id}`}>
                  <Table.Td>{i.kind}</Table.Td>
                  <Table.Td>
                    <Code>{i.id}</Code>
                  </Table.Td>
                  <Table.Td>{i.uniqueIdHash ? <Code>{i.uniqueIdHash.slice(0, 16)}…</Code> : '—'}</Table.Td>
                  <Table.Td>{i.files.length}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
    </Modal>
  );
}

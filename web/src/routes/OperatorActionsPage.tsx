import { Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { DataTable } from 'mantine-datatable';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../api/client.ts';
import { useUser } from '../api/session.tsx';
import type { List, OperatorAction } from '../api/types.ts';
import { actionWords, detailsWords } from '../components/audit-words.ts';
import { fmtDateTime } from '../format.ts';

// What each action of a super administrator did, in words: `manager:operator.what.<code>`.
const WHAT = new Set([
  'user.create',
  'user.delete',
  'user.restore',
  'user.role_changed',
  'auth.password_reset_issued',
  'auth.totp_reset',
  'auth.sessions_ended',
  'expunge',
  'backup.downloaded',
  'backup.restored',
]);

/** What the deployment's super administrators did that reaches this account (SECURITY-MODEL.md). */
export function OperatorActionsPage() {
  const user = useUser();
  const { t } = useTranslation(['manager', 'audit']);
  const [page, setPage] = useState(1);
  const actions = useQuery({
    queryKey: ['operator-actions', page],
    queryFn: () => get<List<OperatorAction>>('/api/operator-actions', { page, pageSize: 25 }),
    placeholderData: (previous) => previous,
  });
  return (
    <Stack>
      <Title order={1}>{t('operator.title')}</Title>
      <Text size="sm">{t('operator.intro', { account: user.accountName ?? t('operator.thisAccount') })}</Text>
      <DataTable
        aria-label={t('operator.title')}
        aria-busy={actions.isFetching}
        withTableBorder
        striped
        minHeight={120}
        noRecordsText={t('operator.none')}
        fetching={actions.isFetching}
        records={actions.data?.items ?? []}
        totalRecords={actions.data?.total ?? 0}
        recordsPerPage={25}
        page={page}
        onPageChange={setPage}
        paginationText={({ from, to, totalRecords }) =>
          t('audit:table.pagination', { from, to, total: totalRecords })
        }
        columns={[
          { accessor: 'at', title: t('audit:table.when'), render: (a) => fmtDateTime(a.at), width: 170 },
          { accessor: 'actorEmail', title: t('audit:table.who'), render: (a) => a.actorEmail ?? '—' },
          {
            accessor: 'action',
            title: t('operator.what.title'),
            render: (a) => (WHAT.has(a.action) ? t(`operator.what.${a.action}`) : actionWords(t, a.action)),
          },
          {
            accessor: 'details',
            title: t('audit:table.details'),
            render: (a) => detailsWords(t, a.details),
          },
        ]}
      />
    </Stack>
  );
}

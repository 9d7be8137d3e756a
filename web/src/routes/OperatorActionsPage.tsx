import { Code, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { DataTable } from 'mantine-datatable';
import { useState } from 'react';
import { get } from '../api/client.ts';
import { useUser } from '../api/session.tsx';
import type { List, OperatorAction } from '../api/types.ts';
import { fmtDateTime } from '../format.ts';

const WHAT: Record<string, string> = {
  'user.create': 'created a user',
  'user.delete': 'deleted a user',
  'user.restore': 'recovered a user',
  'user.role_changed': "changed a user's role",
  'auth.password_reset_issued': 'issued a password reset link for a user',
  'auth.totp_reset': "reset a user's two-factor sign-in",
  'auth.sessions_ended': "ended a user's sessions",
  expunge: 'expunged a record',
  'backup.downloaded': 'downloaded a backup of the whole deployment',
  'backup.restored': 'restored a backup over the whole deployment',
};

/** What the deployment's super administrators did that reaches this account (SECURITY-MODEL.md). */
export function OperatorActionsPage() {
  const user = useUser();
  const [page, setPage] = useState(1);
  const actions = useQuery({
    queryKey: ['operator-actions', page],
    queryFn: () => get<List<OperatorAction>>('/api/operator-actions', { page, pageSize: 25 }),
    placeholderData: (previous) => previous,
  });
  return (
    <Stack>
      <Title order={1}>Operator actions</Title>
      <Text size="sm">
        What the deployment's super administrators did to {user.accountName ?? 'this account'}: its users,
        their roles, passwords and two-factor sign-in, expunged records, and backups of the whole deployment
        (which hold this account's records too).
      </Text>
      <DataTable
        aria-label="Operator actions"
        aria-busy={actions.isFetching}
        withTableBorder
        striped
        minHeight={120}
        noRecordsText="No operator actions"
        fetching={actions.isFetching}
        records={actions.data?.items ?? []}
        totalRecords={actions.data?.total ?? 0}
        recordsPerPage={25}
        page={page}
        onPageChange={setPage}
        columns={[
          { accessor: 'at', title: 'When', render: (a) => fmtDateTime(a.at), width: 170 },
          { accessor: 'actorEmail', title: 'Who', render: (a) => a.actorEmail ?? '—' },
          {
            accessor: 'action',
            title: 'What',
            render: (a) => (
              <>
                {WHAT[a.action] ?? a.action} <Code>{a.action}</Code>
              </>
            ),
          },
          {
            accessor: 'details',
            title: 'Details',
            render: (a) => (a.details ? <Code>{JSON.stringify(a.details)}</Code> : '—'),
          },
        ]}
      />
    </Stack>
  );
}

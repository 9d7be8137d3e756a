import {
  Button,
  Group,
  Paper,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { DataTable } from 'mantine-datatable';
import { useState } from 'react';
import { ApiError, del, get, post } from '../api/client.ts';
import type { Account, DeletedUser, List, User } from '../api/types.ts';
import { countdown, fmtDate } from '../format.ts';

/**
 * Users, a form for a new one, and deleted users that can still be restored. With `accounts`
 * (a super administrator) users of every account and the account to create in; without (an
 * account admin) the users of its own account, which the server chooses.
 */
export function UsersPanel({ accounts }: { accounts?: Account[] }) {
  const client = useQueryClient();
  const users = useQuery({ queryKey: ['users'], queryFn: () => get<List<User>>('/api/users') });
  const deleted = useQuery({
    queryKey: ['deleted-users'],
    queryFn: () => get<List<DeletedUser>>('/api/deleted/users'),
  });
  const refresh = () =>
    Promise.all(
      ['accounts', 'users', 'deleted-users'].map((k) => client.invalidateQueries({ queryKey: [k] })),
    );
  const fail = (err: unknown) =>
    notifications.show({ color: 'red', message: err instanceof Error ? err.message : 'That did not work.' });
  const act = (action: () => Promise<unknown>, done?: string) => async () => {
    try {
      await action();
      if (done) notifications.show({ message: done });
      await refresh();
    } catch (err) {
      fail(err);
    }
  };

  return (
    <Stack>
      <Paper withBorder p="md">
        <Title order={2} size="h3" mb="sm">
          Users
        </Title>
        <DataTable
          aria-label="Users"
          withTableBorder
          striped
          minHeight={100}
          noRecordsText="No users"
          records={users.data?.items ?? []}
          columns={[
            { accessor: 'email', title: 'E-mail' },
            { accessor: 'role', title: 'Role' },
            {
              accessor: 'accountName',
              title: 'Account',
              hidden: !accounts,
              render: (u) => u.accountName ?? '—',
            },
            { accessor: 'createdAt', title: 'Created', render: (u) => fmtDate(u.createdAt) },
            {
              accessor: 'actions',
              title: '',
              textAlign: 'right',
              render: (u) => (
                <Button
                  size="xs"
                  color="red"
                  variant="subtle"
                  aria-label={`Delete user ${u.email}`}
                  onClick={act(
                    () => del(`/api/users/${u.id}`),
                    `${u.email} deleted under the deletion policy.`,
                  )}
                >
                  Delete
                </Button>
              ),
            },
          ]}
        />
        <NewUserForm accounts={accounts} onCreated={refresh} onError={fail} />
      </Paper>
      <Paper withBorder p="md">
        <Title order={2} size="h3" mb="sm">
          Deleted users
        </Title>
        <DataTable
          aria-label="Deleted users"
          withTableBorder
          minHeight={100}
          noRecordsText="No deleted users"
          records={deleted.data?.items ?? []}
          columns={[
            { accessor: 'email', title: 'E-mail' },
            { accessor: 'deletedAt', title: 'Deleted', render: (u) => fmtDate(u.deletedAt) },
            { accessor: 'expiresAt', title: 'Removed for good', render: (u) => countdown(u.expiresAt) },
            {
              accessor: 'actions',
              title: '',
              textAlign: 'right',
              render: (u) => (
                <Button
                  size="xs"
                  variant="light"
                  aria-label={`Restore user ${u.email}`}
                  onClick={act(() => post(`/api/users/${u.id}/restore`))}
                >
                  Restore
                </Button>
              ),
            },
          ]}
        />
      </Paper>
    </Stack>
  );
}

const ROLE_OPTIONS = [
  { value: 'admin', label: 'Account admin' },
  { value: 'clinician', label: 'Clinician' },
  { value: 'assistant', label: 'Assistant' },
];

function NewUserForm(props: {
  accounts?: Account[];
  onCreated: () => Promise<unknown>;
  onError: (e: unknown) => void;
}) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<string | null>('clinician');
  const [accountId, setAccountId] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const operator = Boolean(props.accounts);
  return (
    <form
      onSubmit={async (e) => {
        e.preventDefault();
        setFields({});
        try {
          await post('/api/users', {
            email,
            password,
            role,
            ...(operator && role !== 'super-admin' ? { accountId } : {}),
          });
          setEmail('');
          setPassword('');
          await props.onCreated();
        } catch (err) {
          if (err instanceof ApiError) setFields(err.fields);
          props.onError(err);
        }
      }}
    >
      <Title order={3} size="h5" mt="md" mb="xs">
        New user
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: operator ? 4 : 3 }}>
        <TextInput
          label="E-mail"
          type="email"
          required
          value={email}
          error={fields.email}
          onChange={(e) => setEmail(e.currentTarget.value)}
        />
        <PasswordInput
          label="Initial password"
          description="At least 12 characters with upper and lower case, a digit and a symbol"
          required
          value={password}
          error={fields.password}
          onChange={(e) => setPassword(e.currentTarget.value)}
        />
        <Select
          label="Role"
          allowDeselect={false}
          data={
            operator
              ? [...ROLE_OPTIONS, { value: 'super-admin', label: 'Super administrator' }]
              : ROLE_OPTIONS
          }
          value={role}
          onChange={setRole}
        />
        {props.accounts && (
          <Select
            label="Account"
            disabled={role === 'super-admin'}
            data={props.accounts.map((a) => ({ value: a.id, label: a.name }))}
            value={accountId}
            error={fields.accountId}
            onChange={setAccountId}
          />
        )}
      </SimpleGrid>
      <Group justify="flex-end" mt="sm">
        <Button type="submit">Create user</Button>
      </Group>
    </form>
  );
}

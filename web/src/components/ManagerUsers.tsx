import {
  Button,
  Group,
  Paper,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { DataTable } from 'mantine-datatable';
import { type FormEvent, useState } from 'react';
import { ApiError, del, get, post } from '../api/client.ts';
import type { Account, DeletedUser, List, User } from '../api/types.ts';
import { countdown, fmtDate } from '../format.ts';

/** Accounts, their users, and deleted users that can still be restored. */
export function ManagerUsers() {
  const client = useQueryClient();
  const accounts = useQuery({ queryKey: ['accounts'], queryFn: () => get<List<Account>>('/api/accounts') });
  const users = useQuery({ queryKey: ['users'], queryFn: () => get<List<User>>('/api/users') });
  const deleted = useQuery({
    queryKey: ['deleted-users'],
    queryFn: () => get<List<DeletedUser>>('/api/deleted/users'),
  });
  const [accountName, setAccountName] = useState('');
  const refresh = () =>
    Promise.all(
      ['accounts', 'users', 'deleted-users'].map((k) => client.invalidateQueries({ queryKey: [k] })),
    );
  const fail = (err: unknown) =>
    notifications.show({ color: 'red', message: err instanceof Error ? err.message : 'That did not work.' });

  return (
    <Stack>
      <Paper withBorder p="md">
        <Title order={2} size="h3" mb="sm">
          Accounts
        </Title>
        <DataTable
          aria-label="Accounts"
          withTableBorder
          minHeight={100}
          noRecordsText="No accounts"
          records={accounts.data?.items ?? []}
          columns={[
            { accessor: 'name', title: 'Account' },
            { accessor: 'userCount', title: 'Users', textAlign: 'right' },
            { accessor: 'createdAt', title: 'Created', render: (a) => fmtDate(a.createdAt) },
          ]}
        />
        <form
          onSubmit={async (e: FormEvent) => {
            e.preventDefault();
            try {
              await post('/api/accounts', { name: accountName });
              setAccountName('');
              await refresh();
            } catch (err) {
              fail(err);
            }
          }}
        >
          <Group align="flex-end" mt="sm">
            <TextInput
              label="New account name"
              value={accountName}
              onChange={(e) => setAccountName(e.currentTarget.value)}
            />
            <Button type="submit" disabled={accountName.trim().length < 2}>
              Create account
            </Button>
          </Group>
        </form>
        <Text size="xs" c="dimmed" mt="xs">
          Deleting an account (always permanent) will be offered here once it is available.
        </Text>
      </Paper>
      <Paper withBorder p="md">
        <Title order={2} size="h3" mb="sm">
          Users
        </Title>
        <DataTable
          aria-label="Users"
          withTableBorder
          striped
          minHeight={100}
          records={users.data?.items ?? []}
          columns={[
            { accessor: 'email', title: 'E-mail' },
            { accessor: 'role', title: 'Role' },
            { accessor: 'accountName', title: 'Account', render: (u) => u.accountName ?? '—' },
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
                  onClick={async () => {
                    try {
                      await del(`/api/users/${u.id}`);
                      notifications.show({ message: `${u.email} deleted under the deletion policy.` });
                      await refresh();
                    } catch (err) {
                      fail(err);
                    }
                  }}
                >
                  Delete
                </Button>
              ),
            },
          ]}
        />
        <NewUserForm accounts={accounts.data?.items ?? []} onCreated={refresh} onError={fail} />
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
                  onClick={async () => {
                    try {
                      await post(`/api/users/${u.id}/restore`);
                      await refresh();
                    } catch (err) {
                      fail(err);
                    }
                  }}
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

function NewUserForm(props: {
  accounts: Account[];
  onCreated: () => Promise<unknown>;
  onError: (e: unknown) => void;
}) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<string | null>('clinician');
  const [accountId, setAccountId] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
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
            ...(role === 'super-admin' ? {} : { accountId }),
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
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
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
          required
          value={password}
          error={fields.password}
          onChange={(e) => setPassword(e.currentTarget.value)}
        />
        <Select
          label="Role"
          allowDeselect={false}
          data={[
            { value: 'admin', label: 'Account admin' },
            { value: 'clinician', label: 'Clinician' },
            { value: 'assistant', label: 'Assistant' },
            { value: 'super-admin', label: 'Super administrator' },
          ]}
          value={role}
          onChange={setRole}
        />
        <Select
          label="Account"
          disabled={role === 'super-admin'}
          data={props.accounts.map((a) => ({ value: a.id, label: a.name }))}
          value={accountId}
          error={fields.accountId}
          onChange={setAccountId}
        />
      </SimpleGrid>
      <Group justify="flex-end" mt="sm">
        <Button type="submit">Create user</Button>
      </Group>
    </form>
  );
}

import {
  ActionIcon,
  Button,
  Group,
  Paper,
  PasswordInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, del, get, post } from '../api/client.ts';
import type { Account, DicomEndpoint, List } from '../api/types.ts';

type AuthKind = DicomEndpoint['authKind'];

/** The DICOMweb endpoints (PACS) each account may send to; secrets are written, never shown. */
export function ManagerDicom() {
  const client = useQueryClient();
  const accounts = useQuery({ queryKey: ['accounts'], queryFn: () => get<List<Account>>('/api/accounts') });
  const endpoints = useQuery({
    queryKey: ['admin-dicom-endpoints'],
    queryFn: () => get<List<DicomEndpoint>>('/api/admin/dicom-endpoints'),
  });
  const accountName = (id: string) => accounts.data?.items.find((a) => a.id === id)?.name ?? id;
  const refresh = () => client.invalidateQueries({ queryKey: ['admin-dicom-endpoints'] });
  return (
    <Stack>
      <Paper withBorder p="md">
        <Stack>
          <Title order={2} size="h3">
            PACS (DICOMweb)
          </Title>
          <Text size="sm">
            Clinicians of an account can send its patients' images to these endpoints. Deleting in Vellum
            never deletes anything in a PACS.
          </Text>
          <Table aria-label="DICOMweb endpoints">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Account</Table.Th>
                <Table.Th>Name</Table.Th>
                <Table.Th>Base URL</Table.Th>
                <Table.Th>Authentication</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(endpoints.data?.items ?? []).map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>{accountName(e.accountId)}</Table.Td>
                  <Table.Td>{e.name}</Table.Td>
                  <Table.Td>
                    <Text size="xs" ff="monospace">
                      {e.baseUrl}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {e.authKind}
                    {e.username ? ` (${e.username})` : ''}
                    {e.hasSecret ? ', secret stored' : ''}
                  </Table.Td>
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={`Remove endpoint ${e.name}`}
                      onClick={async () => {
                        await del(`/api/admin/dicom-endpoints/${e.id}`);
                        await refresh();
                      }}
                    >
                      ×
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      </Paper>
      <NewEndpoint accounts={accounts.data?.items ?? []} onCreated={refresh} />
    </Stack>
  );
}

function NewEndpoint({ accounts, onCreated }: { accounts: Account[]; onCreated: () => Promise<unknown> }) {
  const [accountId, setAccountId] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [authKind, setAuthKind] = useState<AuthKind>('none');
  const [username, setUsername] = useState('');
  const [secret, setSecret] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setSaving(true);
    setErrors({});
    try {
      await post('/api/admin/dicom-endpoints', {
        accountId,
        name,
        baseUrl,
        authKind,
        ...(authKind === 'basic' ? { username } : {}),
        ...(authKind !== 'none' ? { secret } : {}),
      });
      notifications.show({ color: 'vellum', message: `Endpoint ${name} added.` });
      setName('');
      setBaseUrl('');
      setSecret('');
      await onCreated();
    } catch (err) {
      if (err instanceof ApiError) setErrors({ ...err.fields, form: err.message });
    } finally {
      setSaving(false);
    }
  };
  return (
    <Paper withBorder p="md">
      <Stack maw={520}>
        <Title order={3} size="h4">
          Add an endpoint
        </Title>
        <Select
          label="Account"
          data={accounts.map((a) => ({ value: a.id, label: a.name }))}
          value={accountId}
          onChange={setAccountId}
          error={errors.accountId}
        />
        <TextInput
          label="Name"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errors.name}
        />
        <TextInput
          label="DICOMweb base URL"
          description="The part before /studies, e.g. https://pacs.example.org/dicom-web"
          value={baseUrl}
          onChange={(e) => setBaseUrl(e.currentTarget.value)}
          error={errors.baseUrl}
        />
        <Select
          label="Authentication"
          data={[
            { value: 'none', label: 'None' },
            { value: 'basic', label: 'User and password (basic)' },
            { value: 'bearer', label: 'Token (bearer)' },
          ]}
          value={authKind}
          onChange={(v) => setAuthKind((v ?? 'none') as AuthKind)}
          allowDeselect={false}
        />
        {authKind === 'basic' && (
          <TextInput
            label="User"
            value={username}
            onChange={(e) => setUsername(e.currentTarget.value)}
            error={errors.username}
          />
        )}
        {authKind !== 'none' && (
          <PasswordInput
            label={authKind === 'basic' ? 'Password' : 'Token'}
            value={secret}
            onChange={(e) => setSecret(e.currentTarget.value)}
            error={errors.secret}
          />
        )}
        {errors.form && (
          <Text size="sm" c="red.9">
            {errors.form}
          </Text>
        )}
        <Group>
          <Button onClick={save} loading={saving} disabled={!accountId || !name || !baseUrl}>
            Add endpoint
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

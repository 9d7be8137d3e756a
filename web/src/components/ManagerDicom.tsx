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
import { useTranslation } from 'react-i18next';
import { ApiError, del, get, post } from '../api/client.ts';
import type { Account, DicomEndpoint, List } from '../api/types.ts';

type AuthKind = DicomEndpoint['authKind'];

/** The DICOMweb endpoints (PACS) each account may send to; secrets are written, never shown. */
export function ManagerDicom() {
  const client = useQueryClient();
  const { t } = useTranslation('manager');
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
            {t('dicom.title')}
          </Title>
          <Text size="sm">{t('dicom.intro')}</Text>
          <Table aria-label={t('dicom.endpoints')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('dicom.account')}</Table.Th>
                <Table.Th>{t('dicom.name')}</Table.Th>
                <Table.Th>{t('dicom.baseUrl')}</Table.Th>
                <Table.Th>{t('dicom.auth')}</Table.Th>
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
                    {t(`dicom.authShort.${e.authKind}`)}
                    {e.username ? ` (${e.username})` : ''}
                    {e.hasSecret ? t('dicom.secretStored') : ''}
                  </Table.Td>
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t('dicom.remove', { name: e.name })}
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
  const { t } = useTranslation('manager');
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
      notifications.show({ color: 'vellum', message: t('dicom.added', { name }) });
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
          {t('dicom.addTitle')}
        </Title>
        <Select
          label={t('dicom.account')}
          data={accounts.map((a) => ({ value: a.id, label: a.name }))}
          value={accountId}
          onChange={setAccountId}
          error={errors.accountId}
        />
        <TextInput
          label={t('dicom.name')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errors.name}
        />
        <TextInput
          label={t('dicom.baseUrlLabel')}
          description={t('dicom.baseUrlHint')}
          value={baseUrl}
          onChange={(e) => setBaseUrl(e.currentTarget.value)}
          error={errors.baseUrl}
        />
        <Select
          label={t('dicom.auth')}
          data={[
            { value: 'none', label: t('dicom.authKinds.none') },
            { value: 'basic', label: t('dicom.authKinds.basic') },
            { value: 'bearer', label: t('dicom.authKinds.bearer') },
          ]}
          value={authKind}
          onChange={(v) => setAuthKind((v ?? 'none') as AuthKind)}
          allowDeselect={false}
        />
        {authKind === 'basic' && (
          <TextInput
            label={t('dicom.user')}
            value={username}
            onChange={(e) => setUsername(e.currentTarget.value)}
            error={errors.username}
          />
        )}
        {authKind !== 'none' && (
          <PasswordInput
            label={authKind === 'basic' ? t('dicom.password') : t('dicom.token')}
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
            {t('dicom.add')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

import { Button, Group, Select, SimpleGrid, Title } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, post } from '../api/client.ts';
import type { Account, CreatedUser } from '../api/types.ts';
import { EmailPasswordFields } from './EmailPasswordFields.tsx';
import { roleName } from './Layout.tsx';

const roleOptions = (t: TFunction, operator: boolean) =>
  (['admin', 'clinician', 'assistant', ...(operator ? (['super-admin'] as const) : [])] as const).map(
    (value) => ({ value, label: roleName(t, value) }),
  );

/**
 * A new user. With `accounts` (a super administrator) any role, in a chosen account; without (an
 * account admin) the server puts it in the admin's own account.
 */
export function NewUserForm(props: {
  accounts?: Account[];
  onCreated: (user: CreatedUser) => Promise<unknown>;
  onError: (e: unknown) => void;
}) {
  const { t } = useTranslation('admin');
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
          const user = await post<CreatedUser>('/api/users', {
            email,
            // Left empty, the answer carries a reset link for the user to choose a password.
            ...(password ? { password } : {}),
            role,
            ...(operator && role !== 'super-admin' ? { accountId } : {}),
          });
          setEmail('');
          setPassword('');
          await props.onCreated(user);
        } catch (err) {
          if (err instanceof ApiError) setFields(err.fields);
          props.onError(err);
        }
      }}
    >
      <Title order={3} size="h5" mt="md" mb="xs">
        {t('newUser.title')}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: operator ? 4 : 3 }}>
        <EmailPasswordFields
          email={email}
          password={password}
          onEmail={setEmail}
          onPassword={setPassword}
          errors={fields}
          passwordLabel={t('newUser.password')}
          passwordHint={t('newUser.passwordHint')}
          purpose="other"
        />
        <Select
          label={t('newUser.role')}
          allowDeselect={false}
          data={roleOptions(t, operator)}
          value={role}
          onChange={setRole}
        />
        {props.accounts && (
          <Select
            label={t('newUser.account')}
            disabled={role === 'super-admin'}
            data={props.accounts.map((a) => ({ value: a.id, label: a.name }))}
            value={accountId}
            error={fields.accountId}
            onChange={setAccountId}
          />
        )}
      </SimpleGrid>
      <Group justify="flex-end" mt="sm">
        <Button type="submit">{t('newUser.create')}</Button>
      </Group>
    </form>
  );
}

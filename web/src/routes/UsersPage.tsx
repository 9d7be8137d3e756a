import { Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useUser } from '../api/session.tsx';
import { UsersPanel } from '../components/UsersPanel.tsx';

/** An account admin manages the users of its own account (deleted under the deletion policy). */
export function UsersPage() {
  const user = useUser();
  const { t } = useTranslation('admin');
  return (
    <Stack>
      <Title order={1}>{t('users.title')}</Title>
      <Text size="sm">{t('users.intro', { account: user.accountName ?? t('users.thisAccount') })}</Text>
      <UsersPanel />
    </Stack>
  );
}

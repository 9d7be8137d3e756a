import { Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useSession, useUser } from '../api/session.tsx';
import { CenteredCard } from '../components/CenteredCard.tsx';
import { ChangePasswordForm } from '../components/ChangePasswordForm.tsx';

/** First sign-in with a password an administrator chose: nothing else opens until it is changed. */
export function ChangePasswordRequiredPage() {
  const user = useUser();
  const { t } = useTranslation(['auth', 'layout']);
  const { refresh, signOut } = useSession();
  return (
    <CenteredCard title={t('required.title')}>
      <Text size="sm">{t('required.text', { email: user.email })}</Text>
      <ChangePasswordForm
        onChanged={async () => {
          notifications.show({ message: t('required.changed') });
          await refresh();
        }}
      />
      <Group justify="flex-end">
        <Button variant="subtle" onClick={signOut}>
          {t('layout:signOut')}
        </Button>
      </Group>
    </CenteredCard>
  );
}

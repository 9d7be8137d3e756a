import { Button, Group, Modal, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, lastRequest, sessionIdleMinutes } from '../api/client.ts';
import { useSession } from '../api/session.tsx';

/**
 * A minute before the server ends an idle session (VELLUM_SESSION_IDLE_MINUTES), offers to stay
 * signed in; once the time is up, the next read finds the session gone and shows the sign-in page.
 */
export function IdleWarning() {
  const { refresh } = useSession();
  const { t } = useTranslation('layout');
  const [left, setLeft] = useState<number | null>(null);
  useEffect(() => {
    const timer = setInterval(() => {
      const minutes = sessionIdleMinutes();
      if (!minutes) return setLeft(null);
      const remaining = minutes * 60_000 - (Date.now() - lastRequest());
      if (remaining <= 0) {
        setLeft(null);
        void refresh();
      } else setLeft(remaining <= 60_000 ? remaining : null);
    }, 5_000);
    return () => clearInterval(timer);
  }, [refresh]);
  return (
    <Modal opened={left !== null} onClose={() => void get('/api/auth/me')} title={t('idle.title')} centered>
      <Text mb="md">{t('idle.text', { count: Math.max(1, Math.ceil((left ?? 0) / 1000)) })}</Text>
      <Group justify="flex-end">
        <Button onClick={() => void get('/api/auth/me').then(() => setLeft(null))}>{t('idle.stay')}</Button>
      </Group>
    </Modal>
  );
}

import { Alert, Button, Code, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, type ReactNode, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';

/** A deliberate action: the button works only once the exact phrase is typed. */
export function ConfirmPhraseModal({
  opened,
  onClose,
  title,
  phrase,
  action,
  color = 'red.8',
  ready = true,
  children,
  onConfirm,
}: {
  opened: boolean;
  onClose: () => void;
  title: string;
  phrase: string;
  action: string;
  color?: string;
  /** Whatever else the dialog asks for is given (the phrase is checked here). */
  ready?: boolean;
  children: ReactNode;
  onConfirm: (phrase: string) => Promise<void>;
}) {
  const { t } = useTranslation('records');
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const close = () => {
    setTyped('');
    setError(null);
    onClose();
  };
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onConfirm(typed);
      setTyped('');
    } catch (err) {
      setError(err instanceof Error ? err.message : t('confirmPhrase.failed'));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={title}
      closeButtonProps={{ 'aria-label': t('common:close') }}
    >
      <form onSubmit={submit}>
        <Stack>
          {children}
          <Text size="sm">
            {/* The phrase stays as the server checks it, whatever the language. */}
            <Trans t={t} i18nKey="confirmPhrase.type" values={{ phrase }} components={{ phrase: <Code /> }} />
          </Text>
          <TextInput
            label={t('confirmPhrase.label')}
            autoComplete="off"
            data-autofocus
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
          />
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common:cancel')}
            </Button>
            <Button type="submit" color={color} disabled={typed.trim() !== phrase || !ready} loading={busy}>
              {action}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

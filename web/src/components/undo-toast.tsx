import { Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';

/**
 * The toast after a recoverable deletion: what happened and an Undo that recovers it at once.
 * Under Permanent there is nothing to undo, so callers show a plain toast instead.
 */
export function showDeletedWithUndo({
  message,
  undoLabel,
  undo,
  undone,
}: {
  message: string;
  /** The Undo button's accessible name, naming the record. */
  undoLabel: string;
  undo: () => Promise<void>;
  undone: string;
}) {
  const id = `undo-${crypto.randomUUID()}`;
  notifications.show({
    id,
    autoClose: 15_000,
    message: <UndoMessage id={id} message={message} undoLabel={undoLabel} undo={undo} undone={undone} />,
  });
}

/** The toast's body: a component, so that its own words follow the app's language. */
function UndoMessage({
  id,
  message,
  undoLabel,
  undo,
  undone,
}: {
  id: string;
  message: string;
  undoLabel: string;
  undo: () => Promise<void>;
  undone: string;
}) {
  const { t } = useTranslation('records');
  return (
    <Group justify="space-between" wrap="nowrap" gap="xs">
      <Text size="sm">{message}</Text>
      <Button
        size="xs"
        variant="light"
        aria-label={undoLabel}
        onClick={async () => {
          try {
            await undo();
            notifications.update({ id, message: undone, color: 'vellum', autoClose: 5_000 });
          } catch (err) {
            notifications.update({
              id,
              color: 'red',
              title: t('undo.failed'),
              message: err instanceof Error ? err.message : String(err),
              autoClose: 10_000,
            });
          }
        }}
      >
        {t('undo.action')}
      </Button>
    </Group>
  );
}

import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { del } from '../api/client.ts';
import { useSettings } from '../api/queries.ts';
import type { DeletionResult } from '../api/types.ts';
import { monthsText } from '../format.ts';
import { DeletionReasonFields, useDeletionWhy } from './DeletionReason.tsx';

type Kind = 'entry' | 'image';

type Policy = 'recoverable' | 'standard' | 'permanent';

/** What deleting one entry or image does under each policy, said before the click. */
const consequence = (t: TFunction, policy: Policy, kind: Kind, period: string) =>
  t(`records:deleteItem.consequence.${policy}.${kind}`, { period });

/** What deleting a patient does under each policy, said before the phrase is typed. */
export const patientConsequence = (t: TFunction, policy: Policy, months: number) =>
  t(`records:deletePatient.consequence.${policy}`, { period: monthsText(months, t) });

/** What stays: an entry's workspace images (counted, in correct plurals) stay in the pool. */
function afterword(t: TFunction, kind: Kind, workspaceImages?: number): string {
  if (kind === 'image') return t('records:deleteItem.afterword.image');
  if (workspaceImages === undefined) return t('records:deleteItem.afterword.entry');
  return t('records:deleteItem.afterword.workspace', { count: workspaceImages });
}

/**
 * Deleting one entry or image: no phrase (the product asks one only for a patient), but a
 * confirmation that says what the deployment's deletion policy will do with it.
 */
export function DeleteItemModal({
  kind,
  id,
  title,
  opened,
  onClose,
  onDeleted,
  workspaceImages,
}: {
  kind: Kind;
  id: string;
  title: string;
  opened: boolean;
  onClose: () => void;
  onDeleted: (result: DeletionResult) => void;
  /** An entry's workspace images, for the dialog to say that they stay. */
  workspaceImages?: number;
}) {
  const { t } = useTranslation('records');
  const settings = useSettings();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const deletion = useDeletionWhy();
  const s = settings.data;
  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      const path = `/api/${kind === 'entry' ? 'entries' : 'images'}/${id}`;
      onDeleted(await del<DeletionResult>(path, deletion.body));
      deletion.reset();
    } catch (err) {
      setError(err instanceof Error ? err.message : t('deleteItem.notDeleted'));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('deleteItem.title', { what: title })}
      closeButtonProps={{ 'aria-label': t('common:close') }}
    >
      <Stack>
        {s?.deletionPolicy === 'permanent' && (
          <Alert color="red" title={t('permanent.title')} data-testid="permanent-warning">
            {t(`permanent.${kind}`)}
          </Alert>
        )}
        <Text size="sm">
          {s ? consequence(t, s.deletionPolicy, kind, monthsText(s.retentionMonths, t)) : t('readingPolicy')}{' '}
          {afterword(t, kind, workspaceImages)}
        </Text>
        <DeletionReasonFields value={deletion.why} onChange={deletion.setWhy} required={false} />
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common:cancel')}
          </Button>
          <Button color="red.8" onClick={confirm} loading={busy} disabled={!s}>
            {t(`deleteItem.action.${kind}`)}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

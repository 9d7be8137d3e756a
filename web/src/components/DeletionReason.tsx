import { NativeSelect, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DELETION_REASONS, type DeletionReason } from '../../../shared/schemas/deletion-reason.ts';

/** What a delete dialog asks: why (PRODUCT.md §6), and an optional note. */
export interface DeletionWhy {
  reason: DeletionReason | '';
  reasonNote: string;
}

/** The dialog's choice, and the body that sends it (no reason: the server records `other`). */
export function useDeletionWhy() {
  const [why, setWhy] = useState<DeletionWhy>({ reason: '', reasonNote: '' });
  const body = {
    ...(why.reason ? { reason: why.reason } : {}),
    ...(why.reasonNote.trim() ? { reasonNote: why.reasonNote.trim() } : {}),
  };
  const reset = () => setWhy({ reason: '', reasonNote: '' });
  return { why, setWhy, body, reset };
}

/** The reason (required for a patient, whose deletion the server refuses without one) and the note. */
export function DeletionReasonFields({
  value,
  onChange,
  required,
}: {
  value: DeletionWhy;
  onChange: (why: DeletionWhy) => void;
  required: boolean;
}) {
  const { t } = useTranslation('lifecycle');
  return (
    <Stack gap="xs">
      <NativeSelect
        label={t('reason.label')}
        required={required}
        value={value.reason}
        onChange={(e) => onChange({ ...value, reason: e.currentTarget.value as DeletionReason | '' })}
        data={[
          { value: '', label: t('reason.choose'), disabled: required },
          ...DELETION_REASONS.map((r) => ({ value: r, label: t(`reason.${r}`) })),
        ]}
      />
      <Textarea
        label={t('reason.note')}
        placeholder={t('reason.notePlaceholder')}
        maxLength={500}
        autosize
        minRows={1}
        value={value.reasonNote}
        onChange={(e) => onChange({ ...value, reasonNote: e.currentTarget.value })}
      />
    </Stack>
  );
}

/** Why a record was deleted, where its marker is shown (null: deleted before reasons were kept). */
export function DeletionReasonText({
  reason,
  reasonNote,
  size = 'sm',
}: {
  reason: DeletionReason | null;
  reasonNote: string | null;
  size?: 'xs' | 'sm';
}) {
  const { t } = useTranslation('lifecycle');
  const words = reason ? t(`reason.${reason}`) : t('reason.unrecorded');
  return (
    <Text size={size} c="dimmed" data-testid="deletion-reason">
      {reasonNote
        ? t('reason.shownWithNote', { reason: words, note: reasonNote })
        : t('reason.shown', { reason: words })}
    </Text>
  );
}

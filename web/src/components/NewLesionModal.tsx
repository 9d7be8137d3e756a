import { Button, Group, Modal, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { type BodyView, locateBodySite, regionCodes } from '../../../shared/body-map.ts';
import { ApiError, post } from '../api/client.ts';
import type { Lesion, LesionStatus } from '../api/types.ts';
import { STATUS_LABEL } from './lesion-words.ts';

const STATUSES = Object.entries(STATUS_LABEL).map(([value, label]) => ({ value, label }));

/** Names the lesion placed at `point`: its finer site, label, status and diagnosis. */
export function NewLesionModal({
  patientId,
  point,
  onClose,
}: {
  patientId: string;
  point: { view: BodyView; x: number; y: number } | null;
  onClose: (created: boolean) => void;
}) {
  const client = useQueryClient();
  const located = point ? locateBodySite(point.view, point.x, point.y) : null;
  const [code, setCode] = useState<string | null>(null);
  const [label, setLabel] = useState('');
  const [status, setStatus] = useState<LesionStatus>('monitoring');
  const [diagnosis, setDiagnosis] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setCode(located?.suggested.code ?? null);
    setError(null);
  }, [located?.suggested.code]);

  const save = async () => {
    if (!point) return;
    setBusy(true);
    try {
      const lesion = await post<Lesion>(`/api/patients/${patientId}/lesions`, {
        site: { ...point, ...(code ? { code } : {}), ...(description ? { description } : {}) },
        ...(label.trim() ? { label: label.trim() } : {}),
        status,
        ...(diagnosis.trim() ? { diagnosis: diagnosis.trim() } : {}),
      });
      notifications.show({ message: `Lesion ${lesion.label} recorded.` });
      await client.invalidateQueries({ queryKey: ['lesions', patientId] });
      setLabel('');
      setDiagnosis('');
      setDescription('');
      onClose(true);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'The lesion could not be saved.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      opened={Boolean(point)}
      onClose={() => onClose(false)}
      title="New lesion"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {point && !located ? (
        <Stack>
          <Text>That point is not on the body. Close this and click on the body map.</Text>
        </Stack>
      ) : (
        <Stack>
          <Select
            label="Site"
            data={
              located ? regionCodes(located.region).map((c) => ({ value: c.code, label: c.display })) : []
            }
            value={code}
            onChange={setCode}
            allowDeselect={false}
            description={located ? `Side: ${located.side}` : undefined}
          />
          <TextInput
            label="Where exactly (optional)"
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            maxLength={500}
          />
          <TextInput
            label="Label"
            placeholder="L1, L2, … when left empty"
            value={label}
            onChange={(e) => setLabel(e.currentTarget.value)}
            maxLength={40}
          />
          <Select
            label="Status"
            data={STATUSES}
            value={status}
            onChange={(v) => v && setStatus(v as LesionStatus)}
            allowDeselect={false}
          />
          <Textarea
            label="Diagnosis (optional)"
            value={diagnosis}
            onChange={(e) => setDiagnosis(e.currentTarget.value)}
            maxLength={2000}
            autosize
            minRows={2}
          />
          {error && (
            <Text c="red" role="alert">
              {error}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => onClose(false)}>
              Cancel
            </Button>
            <Button onClick={save} loading={busy}>
              Save lesion
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

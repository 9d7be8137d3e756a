import { Alert, Badge, Button, Group, Modal, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post } from '../api/client.ts';
import type { DicomSend, DicomStatus, DicomTarget, List } from '../api/types.ts';

/**
 * DICOM for a patient (or one entry): download as DICOM, send to a PACS of the account with each
 * image's result, and (for a patient) ask the PACS which images it already holds.
 */
export function DicomPanel({
  patientId,
  entryId,
  canSend,
  onStatus,
}: {
  patientId: string;
  entryId?: string;
  canSend: boolean;
  onStatus?: (status: DicomStatus | undefined) => void;
}) {
  const { t } = useTranslation('dicom');
  const targets = useQuery({
    queryKey: ['dicom-endpoints'],
    queryFn: () => get<List<DicomTarget>>('/api/dicom-endpoints'),
  });
  const [endpointId, setEndpointId] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [checking, setChecking] = useState(false);
  const [result, setResult] = useState<DicomSend | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [status, setStatus] = useState<DicomStatus | undefined>();
  const options = (targets.data?.items ?? []).map((t) => ({ value: t.id, label: t.name }));
  const chosen = endpointId ?? options[0]?.value ?? null;
  const download = entryId ? `/api/entries/${entryId}/dicom` : `/api/patients/${patientId}/dicom`;

  const send = async () => {
    if (!chosen) return;
    setSending(true);
    setError(undefined);
    try {
      setResult(
        await post<DicomSend>(`/api/patients/${patientId}/dicom/send`, { endpointId: chosen, entryId }),
      );
    } catch (err) {
      setError(err instanceof Error ? err.message : t('notSent'));
    } finally {
      setSending(false);
    }
  };
  const check = async () => {
    if (!chosen) return;
    setChecking(true);
    try {
      const s = await get<DicomStatus>(`/api/patients/${patientId}/dicom/status`, { endpointId: chosen });
      setStatus(s);
      onStatus?.(s);
    } finally {
      setChecking(false);
    }
  };
  const held = status?.images.filter((i) => i.inPacs).length ?? 0;

  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('title')}
        </Title>
        <Group gap="xs" align="flex-end">
          <Button component="a" href={download} variant="default" size="xs" download>
            {entryId ? t('downloadEntry') : t('download')}
          </Button>
          {options.length > 0 && (
            <>
              <Select
                size="xs"
                label={t('pacs')}
                data={options}
                value={chosen}
                onChange={setEndpointId}
                allowDeselect={false}
                w={200}
              />
              {canSend && (
                <Button size="xs" onClick={send} loading={sending}>
                  {entryId ? t('sendEntry') : t('send')}
                </Button>
              )}
              {onStatus && (
                <Button size="xs" variant="default" onClick={check} loading={checking}>
                  {t('check')}
                </Button>
              )}
            </>
          )}
        </Group>
        {options.length === 0 && (
          <Text size="xs" c="dimmed">
            {t('noPacs')}
          </Text>
        )}
        {status && (
          <Text size="sm" data-testid="pacs-status">
            {status.reachable
              ? t('held', { count: held, total: status.images.length, pacs: status.endpoint.name })
              : t('unreachable', { pacs: status.endpoint.name, error: status.error })}
          </Text>
        )}
      </Stack>
      <Modal
        opened={Boolean(result || error)}
        onClose={() => {
          setResult(undefined);
          setError(undefined);
        }}
        title={t('sentTitle')}
        size="lg"
        closeButtonProps={{ 'aria-label': t('common:close') }}
      >
        {error && <Alert color="red">{error}</Alert>}
        {result && <SendResults result={result} />}
      </Modal>
    </Paper>
  );
}

function SendResults({ result }: { result: DicomSend }) {
  const { t } = useTranslation('dicom');
  return (
    <Stack>
      <Text size="sm">
        {t('sentText', { sent: result.sent, failed: result.failed, pacs: result.endpoint.name })}
        {result.failed > 0 && ` ${t('sendAgain')}`}
      </Text>
      <Table aria-label={t('perImage')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('image')}</Table.Th>
            <Table.Th>{t('result')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {result.results.map((r) => (
            <Table.Tr key={r.sopInstanceUid}>
              <Table.Td>
                <Text size="xs" ff="monospace">
                  {r.imageId.slice(0, 8)}
                </Text>
              </Table.Td>
              <Table.Td>
                {r.status === 'sent' ? (
                  <Badge color="green">{t('sent')}</Badge>
                ) : (
                  <Text size="sm" c="red.9">
                    {r.error}
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

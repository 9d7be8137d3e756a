import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  Stack,
  Tabs,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post } from '../api/client.ts';
import type { Consent, List, Patient } from '../api/types.ts';
import { fmtDateTime } from '../format.ts';
import { SignatureField } from './SignatureField.tsx';

/** The banner the consent level asks for when no consent is active. */
export function ConsentBanner({
  patient,
  onPatientPage = true,
}: {
  patient: Patient;
  onPatientPage?: boolean;
}) {
  const { t } = useTranslation('patient');
  if (!patient.consent.banner) return null;
  const required = patient.consent.level === 'required';
  return (
    <Alert
      color={required ? 'red' : 'yellow'}
      title={required ? t('consent.banner.requiredTitle') : t('consent.banner.noneTitle')}
    >
      {required
        ? t(onPatientPage ? 'consent.banner.requiredHere' : 'consent.banner.requiredElsewhere')
        : t('consent.banner.none')}
    </Alert>
  );
}

export function ConsentPanel({ patient }: { patient: Patient }) {
  const { t } = useTranslation('patient');
  const client = useQueryClient();
  const [opened, modal] = useDisclosure(false);
  const [revoking, revokeModal] = useDisclosure(false);
  const consents = useQuery({
    queryKey: ['consents', patient.id],
    queryFn: () => get<List<Consent>>(`/api/patients/${patient.id}/consents`),
  });
  const active = consents.data?.items.find((c) => c.status === 'active');
  const refresh = async () => {
    await client.invalidateQueries({ queryKey: ['consents', patient.id] });
    await client.invalidateQueries({ queryKey: ['patient', patient.id] });
  };
  const status = patient.consent.status;
  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={2} size="h4">
            {t('consent.title')}
          </Title>
          <Badge
            // Colours dark enough for white text; "none" is plain.
            color={status === 'active' ? 'vellum' : status === 'revoked' ? 'red.9' : 'gray'}
            variant={status === 'none' ? 'default' : 'filled'}
          >
            {t(`consent.status.${status}`)}
          </Badge>
        </Group>
        {active && (
          <Text size="sm">
            {t(active.note ? 'consent.recordedNote' : 'consent.recorded', {
              date: fmtDateTime(active.recordedAt),
              method: t(`consent.method.${active.method}`),
              note: active.note,
            })}
          </Text>
        )}
        <Group>
          <Button size="xs" onClick={modal.open}>
            {t('consent.record')}
          </Button>
          {active && (
            <Button size="xs" variant="default" onClick={revokeModal.open}>
              {t('consent.revoke')}
            </Button>
          )}
        </Group>
      </Stack>
      <RecordConsentModal patientId={patient.id} opened={opened} onClose={modal.close} onDone={refresh} />
      {active && (
        <RevokeConsentModal
          consentId={active.id}
          level={patient.consent.level}
          opened={revoking}
          onClose={revokeModal.close}
          onDone={refresh}
        />
      )}
    </Paper>
  );
}

function RecordConsentModal({
  patientId,
  opened,
  onClose,
  onDone,
}: {
  patientId: string;
  opened: boolean;
  onClose: () => void;
  onDone: () => Promise<void>;
}) {
  const { t } = useTranslation('patient');
  const [tab, setTab] = useState<string | null>('signature');
  const [signature, setSignature] = useState<string | null>(null);
  const [method, setMethod] = useState<string | null>('verbal');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const onSignature = useCallback((s: string | null) => setSignature(s), []);
  async function save() {
    setError(null);
    try {
      await post(
        `/api/patients/${patientId}/consents`,
        tab === 'signature'
          ? { method: 'signature', signature, ...(note ? { note } : {}) }
          : { method, ...(note ? { note } : {}) },
      );
      notifications.show({ color: 'vellum', message: t('consent.recordedToast') });
      setNote('');
      setSignature(null);
      onClose();
      await onDone();
    } catch (err) {
      setError(err instanceof Error ? err.message : t('consent.notRecorded'));
    }
  }
  return (
    <Modal opened={opened} onClose={onClose} title={t('consent.recordTitle')} size="lg">
      <Stack>
        <Tabs value={tab} onChange={setTab}>
          <Tabs.List>
            <Tabs.Tab value="signature">{t('consent.tabSignature')}</Tabs.Tab>
            <Tabs.Tab value="external">{t('consent.tabExternal')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="signature" pt="sm">
            {opened && tab === 'signature' && <SignatureField onChange={onSignature} />}
          </Tabs.Panel>
          <Tabs.Panel value="external" pt="sm">
            <Select
              label={t('consent.how')}
              allowDeselect={false}
              data={[
                { value: 'verbal', label: t('consent.methodChoice.verbal') },
                { value: 'written', label: t('consent.methodChoice.written') },
                { value: 'other', label: t('consent.methodChoice.other') },
              ]}
              value={method}
              onChange={setMethod}
            />
          </Tabs.Panel>
        </Tabs>
        <Textarea label={t('consent.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common:cancel')}
          </Button>
          <Button onClick={save} disabled={tab === 'signature' && !signature}>
            {t('consent.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Revoking is recorded and logged; the note says why (optional). */
function RevokeConsentModal({
  consentId,
  level,
  opened,
  onClose,
  onDone,
}: {
  consentId: string;
  level: Patient['consent']['level'];
  opened: boolean;
  onClose: () => void;
  onDone: () => Promise<void>;
}) {
  const { t } = useTranslation('patient');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function revoke() {
    setError(null);
    try {
      await post(`/api/consents/${consentId}/revoke`, note ? { note } : {});
      notifications.show({ message: t('consent.revokedToast') });
      setNote('');
      onClose();
      await onDone();
    } catch (err) {
      setError(err instanceof Error ? err.message : t('consent.notRevoked'));
    }
  }
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('consent.revokeTitle')}
      closeButtonProps={{ 'aria-label': t('common:close') }}
    >
      <Stack>
        <Text size="sm">
          {t('consent.revokeRecorded')} {t(`consent.afterRevoke.${level}`)}
        </Text>
        <Textarea label={t('consent.reason')} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common:cancel')}
          </Button>
          <Button color="red.8" onClick={revoke}>
            {t('consent.revoke')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

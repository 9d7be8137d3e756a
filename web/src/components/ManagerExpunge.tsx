import {
  Alert,
  Button,
  Checkbox,
  Code,
  Group,
  List,
  Paper,
  Radio,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { type FormEvent, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { ApiError, post } from '../api/client.ts';
import type { ExpungeResult } from '../api/types.ts';
import { ConfirmPhraseModal } from './ConfirmPhraseModal.tsx';

type Kind = 'patient' | 'entry' | 'image';

// Each kind's name and meaning are `manager:expunge.kinds.<kind>.name` and `.meaning`.
const KINDS: readonly Kind[] = ['patient', 'entry', 'image'];

const PATHS: Record<Kind, string> = { patient: 'patients', entry: 'entries', image: 'images' };

// Record ids are UUIDs; anything else cannot name a record, so it is refused here in words.
const RECORD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type Outcome =
  | { kind: 'done'; what: Kind; expunged: ExpungeResult['expunged'] }
  | { kind: 'not_found' }
  | { kind: 'has_dependents'; entries: number; images: number; consents: number };

/**
 * Expunge: one record removed for good, by the Record ID the practice reads from its page (the
 * super administrator cannot open clinical records). The typed phrase is a guard in this page only:
 * the API takes no confirmation.
 */
export function ManagerExpunge() {
  const client = useQueryClient();
  const { t } = useTranslation('manager');
  const NOT_AN_ID = t('expunge.notAnId');
  const [kind, setKind] = useState<Kind>('patient');
  const [typedId, setTypedId] = useState('');
  const [everything, setEverything] = useState(false);
  const [idError, setIdError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const label = t(`expunge.kinds.${kind}.lower`);

  function ask(e: FormEvent) {
    e.preventDefault();
    const id = typedId.trim().toLowerCase();
    if (!RECORD_ID.test(id)) {
      setIdError(NOT_AN_ID);
      return;
    }
    setIdError(null);
    setOutcome(null);
    setConfirming(id);
  }

  async function expunge(id: string) {
    const query = kind === 'patient' ? `?everything=${everything}` : '';
    try {
      const r = await post<ExpungeResult>(`/api/${PATHS[kind]}/${id}/expunge${query}`);
      setOutcome({ kind: 'done', what: kind, expunged: r.expunged });
      setTypedId('');
      setEverything(false);
      await client.invalidateQueries({ queryKey: ['audit'] });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.status === 404) setOutcome({ kind: 'not_found' });
      else if (err.code === 'has_dependents') {
        const d = err.details as { entries?: number; images?: number; consents?: number };
        setOutcome({
          kind: 'has_dependents',
          entries: d.entries ?? 0,
          images: d.images ?? 0,
          consents: d.consents ?? 0,
        });
      } else if (err.status === 422) setIdError(NOT_AN_ID);
      // Anything else (offline, a server error) stays in the dialog, to try again.
      else throw err;
    }
    setConfirming(null);
  }

  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={2} size="h3">
          {t('expunge.title')}
        </Title>
        <Text size="sm">
          <Trans t={t} i18nKey="expunge.intro" components={{ strong: <strong /> }} />
        </Text>
        <Alert color="red" title={t('expunge.cannotUndo')}>
          {t('expunge.notADeletion')}
        </Alert>
        <form onSubmit={ask} noValidate>
          <Stack>
            <Radio.Group
              label={t('expunge.kind')}
              value={kind}
              onChange={(v) => {
                setKind(v as Kind);
                setOutcome(null);
              }}
            >
              <Stack gap="xs" mt="xs">
                {KINDS.map((value) => (
                  <Radio
                    key={value}
                    value={value}
                    label={t(`expunge.kinds.${value}.name`)}
                    description={t(`expunge.kinds.${value}.meaning`)}
                  />
                ))}
              </Stack>
            </Radio.Group>
            <TextInput
              label={t('expunge.recordId')}
              description={t('expunge.recordIdHint')}
              autoComplete="off"
              spellCheck={false}
              maw={480}
              value={typedId}
              error={idError}
              onChange={(e) => {
                setTypedId(e.currentTarget.value);
                setIdError(null);
                setOutcome(null);
              }}
            />
            {kind === 'patient' && (
              <Checkbox
                label={t('expunge.everything')}
                description={t('expunge.everythingHint')}
                checked={everything}
                onChange={(e) => setEverything(e.currentTarget.checked)}
              />
            )}
            <Group>
              <Button type="submit" color="red.8" disabled={typedId.trim() === ''}>
                {t('expunge.button')}
              </Button>
            </Group>
          </Stack>
        </form>
        {outcome && <OutcomeAlert t={t} outcome={outcome} />}
      </Stack>
      {confirming && (
        <ConfirmPhraseModal
          opened
          onClose={() => setConfirming(null)}
          title={t('expunge.dialogTitle', { kind: label })}
          phrase={`expunge ${confirming}`}
          action={t(`expunge.kinds.${kind}.action`)}
          onConfirm={() => expunge(confirming)}
        >
          <Alert color="red" title={t('permanentTitle')}>
            <Text size="sm">{t('expunge.removes')}</Text>
            <List size="sm" mt={4}>
              <List.Item>
                <Trans
                  t={t}
                  i18nKey={`expunge.kinds.${kind}.removesRecord`}
                  values={{ id: confirming }}
                  components={{ code: <Code /> }}
                />
              </List.Item>
              {kind === 'image' && <List.Item>{t('expunge.removesFiles')}</List.Item>}
              {kind === 'patient' && everything && <List.Item>{t('expunge.removesEverything')}</List.Item>}
              <List.Item>{t('expunge.removesActivity')}</List.Item>
            </List>
            <Text size="sm" mt={4}>
              {t('onlyBackup')}
            </Text>
          </Alert>
        </ConfirmPhraseModal>
      )}
    </Paper>
  );
}

function OutcomeAlert({ t, outcome }: { t: TFunction; outcome: Outcome }) {
  switch (outcome.kind) {
    case 'done':
      return (
        <Alert
          color="vellum"
          role="status"
          title={t(`expunge.kinds.${outcome.what}.expunged`)}
          data-testid="expunge-result"
        >
          {describeExpunged(t, outcome.expunged)}
        </Alert>
      );
    case 'not_found':
      return (
        <Alert color="orange" role="alert" title={t('expunge.notFound')} data-testid="expunge-result">
          {t('expunge.notFoundText')}
        </Alert>
      );
    case 'has_dependents':
      return (
        <Alert color="orange" role="alert" title={t('expunge.hasRecords')} data-testid="expunge-result">
          {t('expunge.hasRecordsText', {
            entries: t('expunge.counts.entries', { count: outcome.entries }),
            images: t('expunge.counts.images', { count: outcome.images }),
            consents: t('expunge.counts.consents', { count: outcome.consents }),
          })}
        </Alert>
      );
  }
}

/** "Removed for good: 1 patient, 2 entries, …": every count the server returned, in words. */
function describeExpunged(t: TFunction, e: ExpungeResult['expunged']): string {
  const counts = (['patients', 'entries', 'images', 'consents', 'files', 'versions'] as const).map((k) =>
    t(`expunge.counts.${k}`, { count: e[k] }),
  );
  return t('expunge.removed', {
    counts: counts.join(', '),
    logs: t('expunge.counts.logs', { count: e.logs }),
  });
}

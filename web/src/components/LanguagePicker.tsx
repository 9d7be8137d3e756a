import { NativeSelect } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isLanguage, LANGUAGE_NAMES, LANGUAGES } from '../../../shared/languages.ts';
import { patch } from '../api/client.ts';
import { useSession } from '../api/session.tsx';
import type { User } from '../api/types.ts';
import { browserLanguage, chooseSessionLanguage, sessionLanguage } from '../i18n/index.ts';

const BROWSER = 'browser';

/**
 * The language of the app. Signed in, the user's own choice kept on the server (and used for its
 * PDF reports), or the browser's; signed out, this browser session's language only.
 */
export function LanguagePicker() {
  const { t } = useTranslation('language');
  const { user } = useSession();
  const client = useQueryClient();
  const [busy, setBusy] = useState(false);
  // Each language is named in itself, so a reader finds its own whatever is on screen.
  const languages = LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }));

  if (!user) {
    return (
      <NativeSelect
        label={t('label')}
        description={t('descriptionSignedOut')}
        data={languages}
        value={sessionLanguage()}
        onChange={(e) => {
          const value = e.currentTarget.value;
          if (isLanguage(value)) chooseSessionLanguage(value);
        }}
      />
    );
  }

  return (
    <NativeSelect
      label={t('label')}
      description={t('description')}
      disabled={busy}
      data={[
        { value: BROWSER, label: t('browser', { name: LANGUAGE_NAMES[browserLanguage()] }) },
        ...languages,
      ]}
      value={user.language ?? BROWSER}
      onChange={async (e) => {
        const value = e.currentTarget.value;
        setBusy(true);
        try {
          const res = await patch<{ user: User }>('/api/auth/me', {
            language: isLanguage(value) ? value : null,
          });
          // The session applies the new language as soon as it holds the user.
          client.setQueryData(['me'], res.user);
          notifications.show({ message: t('saved') });
        } catch (err) {
          notifications.show({ color: 'red', message: (err as Error).message });
        } finally {
          setBusy(false);
        }
      }}
    />
  );
}

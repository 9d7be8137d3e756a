import 'dayjs/locale/fr';
import { MantineProvider } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { type ReactNode, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { cssVariables, themeFor } from '../theme.ts';

/**
 * Mantine in the app's language: its own texts through the theme, and the date pickers' month and
 * day names through dayjs's locale (each language here has its dayjs locale imported above).
 */
export function LocaleProviders({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  // biome-ignore lint/correctness/useExhaustiveDependencies: t reads the language it is made for.
  const theme = useMemo(() => themeFor(t), [t, language]);
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariables}>
      <DatesProvider settings={{ locale: language }}>{children}</DatesProvider>
    </MantineProvider>
  );
}

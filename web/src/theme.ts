import { type CSSVariablesResolver, createTheme, Drawer, Modal, Notification } from '@mantine/core';
import { DateInput, DatePickerInput } from '@mantine/dates';
import type { TFunction } from 'i18next';

// The words Mantine writes itself (close buttons, the date pickers' month and year controls) are
// given in the reader's language here, once for every component.
function calendarLabels(t: TFunction) {
  return {
    ariaLabels: {
      previousMonth: t('mantine:calendar.previousMonth'),
      nextMonth: t('mantine:calendar.nextMonth'),
      previousYear: t('mantine:calendar.previousYear'),
      nextYear: t('mantine:calendar.nextYear'),
      previousDecade: t('mantine:calendar.previousDecade'),
      nextDecade: t('mantine:calendar.nextDecade'),
      monthLevelControl: t('mantine:calendar.chooseMonth'),
      yearLevelControl: t('mantine:calendar.chooseYear'),
    },
  };
}

// A teal dark enough for white text and for text on its light tint (WCAG AA contrast).
export const themeFor = (t: TFunction) =>
  createTheme({
    colors: {
      vellum: [
        '#e6f7f2',
        '#c5ebe0',
        '#9fdcc9',
        '#6cc5aa',
        '#3fa88a',
        '#1f8a6d',
        '#11765b',
        '#0e6a52',
        '#0b5e49',
        '#08503e',
      ],
    },
    primaryColor: 'vellum',
    primaryShade: 6,
    autoContrast: true,
    defaultRadius: 'sm',
    components: {
      // A titled notification's message is Mantine's gray 6 by default, too faint on white (WCAG AA).
      Notification: Notification.extend({
        defaultProps: { closeButtonProps: { 'aria-label': t('common:dismissNotification') } },
        styles: { description: { color: 'var(--mantine-color-text)' } },
      }),
      Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': t('common:close') } } }),
      Drawer: Drawer.extend({ defaultProps: { closeButtonProps: { 'aria-label': t('common:close') } } }),
      DateInput: DateInput.extend({ defaultProps: calendarLabels(t) }),
      DatePickerInput: DatePickerInput.extend({ defaultProps: calendarLabels(t) }),
    },
  });

// Mantine's dimmed gray, and the orange and yellow text of its light variants, are too faint for
// small text: these darker ones pass WCAG AA contrast.
export const cssVariables: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': '#5c636a',
    '--mantine-color-orange-light-color': '#a63c06',
    '--mantine-color-yellow-light-color': '#7a4f00',
  },
  dark: {},
});

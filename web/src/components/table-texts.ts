import type { TFunction } from 'i18next';

/**
 * The words mantine-datatable writes itself (page range, page buttons, loading), in the app's
 * language: spread into a DataTable's props.
 */
export const tableTexts = (t: TFunction) => ({
  paginationText: ({ from, to, totalRecords }: { from: number; to: number; totalRecords: number }) =>
    t('records:table.range', { from, to, total: totalRecords }),
  getPaginationControlProps: (control: 'first' | 'last' | 'previous' | 'next') => ({
    'aria-label': t(`records:table.controlLabel.${control}`),
  }),
  getPaginationItemProps: (page: number) => ({ 'aria-label': t('records:table.page', { page }) }),
  loadingText: t('records:table.loading'),
});

/** The same words for Mantine's Pagination under the phone cards. */
export const paginationTexts = (t: TFunction) => ({
  getControlProps: (control: 'first' | 'last' | 'previous' | 'next') => ({
    'aria-label': t(`records:table.control.${control}`),
  }),
  getItemProps: (page: number) => ({ 'aria-label': t('records:table.page', { page }) }),
});

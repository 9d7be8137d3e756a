import './csp.ts';
import './i18n/index.ts';
import '@mantine/core/styles.css';
import '@mantine/dates/styles.css';
import '@mantine/notifications/styles.css';
import 'mantine-datatable/styles.css';
import './touch.css';
import { type CSSVariablesResolver, createTheme, MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './App.tsx';
import { SessionProvider } from './api/session.tsx';

// A teal dark enough for white text and for text on its light tint (WCAG AA contrast).
const theme = createTheme({
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
    Notification: {
      defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss notification' } },
      styles: { description: { color: 'var(--mantine-color-text)' } },
    },
  },
});
// Mantine's dimmed gray, and the orange and yellow text of its light variants, are too faint for
// small text: these darker ones pass WCAG AA contrast.
const cssVariables: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': '#5c636a',
    '--mantine-color-orange-light-color': '#a63c06',
    '--mantine-color-yellow-light-color': '#7a4f00',
  },
  dark: {},
});
const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } },
});

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <MantineProvider theme={theme} cssVariablesResolver={cssVariables}>
        {/* Bottom right: toasts never cover the header's Sign out. */}
        <Notifications position="bottom-right" />
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <SessionProvider>
              <App />
            </SessionProvider>
          </BrowserRouter>
        </QueryClientProvider>
      </MantineProvider>
    </StrictMode>,
  );
}

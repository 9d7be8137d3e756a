import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { isLanguage, LANGUAGES, type Language } from '../../../shared/languages.ts';

// Every web/src/i18n/<language>/<namespace>.json is a namespace: a new file needs no list edited.
const files = import.meta.glob<{ default: Record<string, unknown> }>('./*/*.json', { eager: true });
const resources: Record<string, Record<string, Record<string, unknown>>> = {};
for (const [path, module] of Object.entries(files)) {
  const [, language, namespace] = /^\.\/([^/]+)\/([^/]+)\.json$/.exec(path) ?? [];
  if (!language || !namespace) continue;
  resources[language] ??= {};
  resources[language][namespace] = module.default;
}

/** The browser's first language that Vellum speaks; English otherwise. */
export function browserLanguage(): Language {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.toLowerCase().split('-')[0] ?? '';
    if (isLanguage(base)) return base;
  }
  return 'en';
}

// A language chosen on the sign-in page holds for this browser session (sessionStorage) only.
const SESSION_KEY = 'vellum.language';

/** The language of this browser session before a user's own choice: the one picked, else the browser's. */
export function sessionLanguage(): Language {
  const picked = sessionStorage.getItem(SESSION_KEY);
  return picked && isLanguage(picked) ? picked : browserLanguage();
}

/** Picks this browser session's language (the sign-in page's picker) and switches to it. */
export function chooseSessionLanguage(language: Language) {
  sessionStorage.setItem(SESSION_KEY, language);
  applyLanguage(language);
}

void i18n.use(initReactI18next).init({
  resources,
  lng: sessionLanguage(),
  fallbackLng: 'en',
  supportedLngs: [...LANGUAGES],
  defaultNS: 'common',
  ns: Object.keys(resources.en ?? {}),
  interpolation: { escapeValue: false }, // React escapes what it renders.
  returnNull: false,
});

/**
 * Switches the app's language and the page's `lang` (screen readers and hyphenation follow it).
 * The resources are bundled, so the switch is synchronous: the next render is in that language.
 */
export function applyLanguage(language: Language) {
  if (i18n.language !== language) void i18n.changeLanguage(language);
  document.documentElement.lang = language;
}

document.documentElement.lang = i18n.language;

export { i18n };

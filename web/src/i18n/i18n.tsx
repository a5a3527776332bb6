import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { codeLabel, type CodeKind, type CodeLanguage } from '../../../shared/codes';
import { enUS, zhCN, type MessageKey } from './messages';

export type Locale = 'zh-CN' | 'en-US';
const STORAGE_KEY = 'quancrm.locale';
const catalogues: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, 'en-US': enUS };

/** The saved choice, zh-CN by default (also read by the API client for Accept-Language). */
export function currentLocale(): Locale {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en-US' ? 'en-US' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translate(locale: Locale, key: MessageKey, vars?: Record<string, string | number>): string {
  const text = catalogues[locale][key];
  return vars ? text.replace(/\{(\w+)\}/g, (match, name: string) => (name in vars ? String(vars[name]) : match)) : text;
}

/** Looks a key up when it may not be one (an API enum value such as `status.FROZEN`), else the fallback. */
export function hasMessage(key: string): key is MessageKey {
  return key in zhCN;
}

interface I18nValue {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: Translate;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(currentLocale);
  const setLocale = useCallback((next: Locale) => {
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // private mode: the choice lasts for this page only
    }
    document.documentElement.lang = next;
    setLocaleState(next);
  }, []);
  const value = useMemo<I18nValue>(() => ({ locale, setLocale, t: (key, vars) => translate(locale, key, vars) }), [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

/** The language of the one dictionary of codes (shared/codes.ts) for a UI locale. */
export function codeLanguage(locale: Locale): CodeLanguage {
  return locale === 'en-US' ? 'en' : 'zh';
}

export type CodeLabelOf = (kind: CodeKind, value: string | null | undefined) => string;

/**
 * A code (status, type, role, audit action …) by its label in the UI's language, from the one
 * dictionary shared with the server's exports (shared/codes.ts); an unknown code as the API gave it.
 */
export function useCodeLabel(): CodeLabelOf {
  const { locale } = useI18n();
  return useCallback<CodeLabelOf>((kind, value) => codeLabel(kind, value, codeLanguage(locale)), [locale]);
}

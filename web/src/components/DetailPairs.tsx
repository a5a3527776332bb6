/**
 * A JSON value (an audit entry's `detail`, a row the page does not know the shape of) as labelled
 * `key: value` lines instead of raw JSON: keys by their label, coded values by their label (both
 * from shared/codes.ts), yes/no for booleans, lists joined, nested objects indented.
 */
import { Typography } from 'antd';
import { fieldLabel, keyedValueLabel } from '../../../shared/codes';
import { codeLanguage, useI18n } from '../i18n/i18n';

/** A long list (the customer numbers of a list page seen unmasked) shows its first items and its length. */
const LIST_SHOWN = 8;

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function isRecord(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function DetailPairs({ value }: { value: unknown }) {
  const { locale, t } = useI18n();
  const language = codeLanguage(locale);

  function scalar(key: string, v: Json): string {
    if (v === null) return '—';
    if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
    if (typeof v === 'string') return keyedValueLabel(key, v, language);
    if (typeof v === 'number') return String(v);
    if (Array.isArray(v)) {
      if (!v.length) return '—';
      const shown = v.slice(0, LIST_SHOWN).map((e) => (Array.isArray(e) ? scalar(key, e) : isRecord(e) ? '' : scalar(key, e)));
      const more = v.length > LIST_SHOWN ? ` … ${t('common.totalCount', { n: v.length })}` : '';
      return shown.join(language === 'en' ? ', ' : '、') + more;
    }
    return '';
  }

  function pairs(record: Record<string, Json>, depth: number) {
    return Object.entries(record).map(([key, v]) => (
      <div key={key} style={{ paddingLeft: depth * 12 }}>
        <Typography.Text type="secondary">
          {fieldLabel(key, language)}
          {language === 'en' ? ': ' : '：'}
        </Typography.Text>
        {isRecord(v) ? (
          Object.keys(v).length ? pairs(v, depth + 1) : '—'
        ) : Array.isArray(v) && v.some(isRecord) ? (
          // a list of records (an appointment's matches …): each as its own indented block, never JSON
          v.slice(0, LIST_SHOWN).map((e, i) => <div key={i}>{isRecord(e) ? pairs(e, depth + 1) : scalar(key, e)}</div>)
        ) : (
          <Typography.Text>{scalar(key, v)}</Typography.Text>
        )}
      </div>
    ));
  }

  if (value === null || value === undefined) return null;
  if (!isRecord(value)) return <Typography.Text>{scalar('', value as Json)}</Typography.Text>;
  return <div style={{ fontSize: 12, lineHeight: '20px' }}>{pairs(value, 0)}</div>;
}

import { useEffect, useState } from 'react';
import { AutoComplete, Input } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api } from '../api/api';
import { useI18n } from '../i18n/i18n';

/**
 * Header search by customer number, name or full mobile (shown masked unless the role sees PII):
 * pick a match to open its 360° view; Enter with several matches opens the filtered list.
 */
export function GlobalSearch() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const [term, setTerm] = useState('');

  useEffect(() => {
    const timer = setTimeout(() => setTerm(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);

  const matches = useQuery({
    queryKey: ['global-search', term],
    enabled: term.length > 0,
    queryFn: ({ signal }) => api.get('/api/customers', { query: { q: term, pageSize: 8 } }, signal),
  });
  const items = term ? (matches.data?.items ?? []) : [];

  function open(customerNo: string) {
    setText('');
    setTerm('');
    navigate(`/customers/${customerNo}`);
  }

  return (
    <AutoComplete
      value={text}
      onChange={setText}
      onSelect={(value: string) => open(value)}
      options={items.map((c) => ({
        value: c.customerNo,
        label: (
          <span style={{ display: 'flex', justifyContent: 'space-between', gap: 12 }}>
            <span>
              {c.customerNo} {c.name}
            </span>
            <span style={{ color: 'rgba(0,0,0,0.45)' }}>{c.mobile ?? ''}</span>
          </span>
        ),
      }))}
      notFoundContent={term && matches.isSuccess ? t('search.noMatch') : undefined}
      style={{ width: 300, minWidth: 150, flexShrink: 1 }}
    >
      <Input.Search
        placeholder={t('search.placeholder')}
        aria-label={t('search.placeholder')}
        onSearch={(value) => {
          const first = items[0];
          if (items.length === 1 && first) open(first.customerNo);
          else if (value.trim()) navigate(`/customers?q=${encodeURIComponent(value.trim())}`);
        }}
      />
    </AutoComplete>
  );
}

import { useState, type CSSProperties } from 'react';
import { Select } from 'antd';
import { nameWithCode } from '../../components/CodePicker';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { useProductOptions } from './productsApi';

/** A product chosen by code or name from the library (never typed as a code); works as a Form.Item child. */
export function ProductPicker({ value, onChange, style, id }: { value?: string; onChange?: (code: string | undefined) => void; style?: CSSProperties; id?: string }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const [typed, setTyped] = useState('');
  const found = useProductOptions(typed.trim());
  const options = (found.data?.items ?? []).map((p) => ({ value: p.productCode, label: `${nameWithCode(p.productCode, p.name)} · ${label('productRisk', p.riskLevel)}` }));
  if (value && !options.some((o) => o.value === value)) options.unshift({ value, label: value });
  return (
    <Select<string>
      id={id}
      data-testid="pick-product"
      showSearch={{ filterOption: false, onSearch: setTyped, searchValue: typed }}
      value={value}
      onChange={(code) => onChange?.(code)}
      onClear={() => onChange?.(undefined)}
      allowClear
      loading={found.isFetching}
      placeholder={t('suitability.pickProduct')}
      options={options}
      style={style}
    />
  );
}

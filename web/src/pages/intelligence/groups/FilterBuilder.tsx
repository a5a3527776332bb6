/**
 * The filter builder of 客户群: react-querybuilder with its Ant Design controls, fields from the label
 * catalogue (grouped as the catalogue groups them, searchable), operators by label type, enums as
 * selects of their dictionary words, numbers and money as exact number inputs (decimal strings),
 * dates as date pickers, booleans as a 是 / 否 select; combinators 全部满足 / 任一满足, nested groups.
 * groupFilter.ts turns its query into the API's filter JSON.
 */
import { useMemo } from 'react';
import { AntDActionElement, AntDValueEditor, AntDValueSelector, QueryBuilderAntD, antdTranslations } from '@react-querybuilder/antd';
import { QueryBuilder, type ActionProps, type Field, type OptionGroup, type RuleGroupType, type ValueEditorProps, type ValueSelectorProps } from 'react-querybuilder';
import 'react-querybuilder/dist/query-builder.css';
import { useI18n, type Translate } from '../../../i18n/i18n';
import { groupTitle } from './labelWords';
import { allowedOps, type LabelDef, type LabelType } from './groupFilter';

const INPUT_TYPE: Partial<Record<LabelType, string>> = { number: 'number', money: 'number', date: 'date' };

/** The builder's fields: one option group per label group, in catalogue order. */
export function builderFields(labels: readonly LabelDef[], t: Translate): OptionGroup<Field>[] {
  const groups = new Map<string, Field[]>();
  for (const label of labels) {
    const ops = allowedOps(label);
    // an enum without a list of values (a staff number, a city) is typed: several values comma-separated for 属于
    const listed = label.type === 'enum' && (label.values?.length ?? 0) > 0;
    const field: Field = {
      name: label.key,
      value: label.key,
      label: label.title,
      operators: ops.map((op) => ({ name: op, value: op, label: t(`groups.op.${op}`) })),
      inputType: INPUT_TYPE[label.type],
      valueEditorType: listed ? (op: string) => (op === 'in' ? 'multiselect' : 'select') : label.type === 'boolean' ? 'select' : 'text',
      values:
        listed
          ? (label.values ?? []).map((v) => ({ name: v.value, value: v.value, label: v.title }))
          : label.type === 'boolean'
            ? [
                { name: 'true', value: 'true', label: t('groups.yes') },
                { name: 'false', value: 'false', label: t('groups.no') },
              ]
            : undefined,
    };
    const list = groups.get(label.group) ?? [];
    list.push(field);
    groups.set(label.group, list);
  }
  return [...groups].map(([group, options]) => ({ label: groupTitle(t, group), options }));
}

/** Label picker: searchable by title (150+ labels), wide enough for the longest titles. */
function FieldSelector(props: ValueSelectorProps) {
  return <AntDValueSelector {...props} showSearch={{ optionFilterProp: 'label' }} style={{ minWidth: 200 }} data-testid="rule-label" />;
}

function OperatorSelector(props: ValueSelectorProps) {
  return <AntDValueSelector {...props} style={{ minWidth: 110 }} data-testid="rule-op" />;
}

/** Quiet buttons: 添加 as default buttons, 删除 as a red icon (the library makes every action a primary button). */
function ActionElement(props: ActionProps) {
  const remove = String(props.className ?? '').includes('remove');
  return <AntDActionElement {...props} {...(remove ? { type: 'text', danger: true } : { type: 'default' })} />;
}

/** Values: numbers and money exactly (antd's string mode), selects wide enough for their words. */
function ValueEditor(props: ValueEditorProps) {
  const numeric = props.inputType === 'number';
  const extraProps = numeric
    ? { stringMode: true, style: { width: props.operator === 'between' ? 120 : 150, flex: 'none' }, 'data-testid': 'rule-value' }
    : props.inputType === 'date'
      ? { style: { width: props.operator === 'between' ? 240 : 140, flex: 'none' }, 'data-testid': 'rule-value' }
      : props.type === 'multiselect' || props.type === 'select'
        ? { style: { minWidth: 160 }, 'data-testid': 'rule-value' }
        : { 'data-testid': 'rule-value' };
  return <AntDValueEditor {...props} extraProps={extraProps} />;
}

export function FilterBuilder({ labels, query, onChange }: { labels: readonly LabelDef[]; query: RuleGroupType; onChange: (query: RuleGroupType) => void }) {
  const { t } = useI18n();
  const fields = useMemo(() => builderFields(labels, t), [labels, t]);
  const translations = useMemo(
    () => ({
      ...antdTranslations,
      fields: { title: t('groups.pickLabel'), placeholderName: '~', placeholderLabel: t('groups.pickLabel'), placeholderGroupLabel: t('groups.pickLabel') },
      addRule: { label: `+ ${t('groups.addRule')}`, title: t('groups.addRule') },
      addGroup: { label: `+ ${t('groups.addGroup')}`, title: t('groups.addGroup') },
      removeRule: { ...antdTranslations.removeRule, title: t('groups.remove') },
      removeGroup: { ...antdTranslations.removeGroup, title: t('groups.remove') },
    }),
    [t],
  );
  const combinators = useMemo(
    () => [
      { name: 'and', value: 'and', label: t('groups.combinator.and') },
      { name: 'or', value: 'or', label: t('groups.combinator.or') },
    ],
    [t],
  );
  return (
    <div data-testid="filter-builder" style={BUILDER_STYLE}>
      <QueryBuilderAntD>
        <QueryBuilder
          fields={fields}
          query={query}
          onQueryChange={onChange}
          combinators={combinators}
          translations={translations}
          autoSelectField={false}
          listsAsArrays
          resetOnOperatorChange
          controlElements={{ actionElement: ActionElement, fieldSelector: FieldSelector, operatorSelector: OperatorSelector, valueEditor: ValueEditor }}
          controlClassnames={{ queryBuilder: 'queryBuilder-branches' }}
        />
      </QueryBuilderAntD>
    </div>
  );
}

/** Quieter colours than the library's blue, in the application's palette. */
const BUILDER_STYLE = {
  '--rqb-background-color': '#fafafa',
  '--rqb-border-color': '#d9d9d9',
  '--rqb-branch-color': '#bfbfbf',
} as React.CSSProperties;

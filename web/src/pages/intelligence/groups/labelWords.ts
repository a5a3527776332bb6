/** Words of the label catalogue shared by the catalogue page and the builder (kept apart from the builder's heavy chunk). */
import { formatDecimal } from '../../../components/decimal';
import { hasMessage, type Translate } from '../../../i18n/i18n';
import { describeFilter, type GroupFilter, type LabelDef } from './groupFilter';

/** A label group's title: the catalogue's own key where the messages have none. */
export function groupTitle(t: Translate, group: string): string {
  const key = `labels.group.${group}`;
  return hasMessage(key) ? t(key) : group;
}

/** A filter in the page's words (labels by title, values by their dictionary words, amounts grouped). */
export function filterText(filter: GroupFilter, labels: readonly LabelDef[], t: Translate): string {
  return describeFilter(filter, labels, { and: t('groups.and'), or: t('groups.or'), yes: t('groups.yes'), no: t('groups.no'), range: (lo, hi) => t('groups.range', { lo, hi }) }, formatDecimal);
}

import { Link } from 'react-router';
import { useCurrentUser } from '../../../components/AppLayout';
import { useI18n } from '../../../i18n/i18n';
import { canManageStaff, staffManagePath } from './menu';

/** 编辑 (人员管理) on the staff detail page, for the roles that may edit staff; nothing for the others. */
export function StaffManageLink({ staffNo }: { staffNo: string }) {
  const { t } = useI18n();
  const me = useCurrentUser();
  if (!canManageStaff(me)) return null;
  return (
    <Link to={staffManagePath(staffNo)} data-testid="staff-manage-link">
      {t('sm.edit')}
    </Link>
  );
}

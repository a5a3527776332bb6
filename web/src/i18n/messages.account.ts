/** The signed-in user's own account (修改密码 from the user menu), merged into the catalogue in messages.ts. */
export const accountZhCN = {
  'account.password.menu': '修改密码',
  'account.password.title': '修改密码',
  'account.password.current': '当前密码',
  'account.password.new': '新密码',
  'account.password.confirm': '确认新密码',
  'account.password.hint': '至少 8 个字符。修改后，您在其他设备上的登录和所有集成令牌都将失效。',
  'account.password.required': '请输入{field}',
  'account.password.tooShort': '新密码至少 8 个字符',
  'account.password.mismatch': '两次输入的新密码不一致',
  'account.password.same': '新密码不能与当前密码相同',
  'account.password.save': '确定修改',
  'account.password.cancel': '取消',
  'account.password.done': '密码已修改：结束了 {sessions} 个其他登录，撤销了 {tokens} 个集成令牌。',
} as const;

export const accountEnUS: Record<keyof typeof accountZhCN, string> = {
  'account.password.menu': 'Change password',
  'account.password.title': 'Change password',
  'account.password.current': 'Current password',
  'account.password.new': 'New password',
  'account.password.confirm': 'Confirm the new password',
  'account.password.hint': 'At least 8 characters. Your sign-ins on other devices and all your integration tokens stop working.',
  'account.password.required': 'Enter the {field}',
  'account.password.tooShort': 'The new password needs at least 8 characters',
  'account.password.mismatch': 'The two new passwords differ',
  'account.password.same': 'The new password must differ from the current one',
  'account.password.save': 'Change',
  'account.password.cancel': 'Cancel',
  'account.password.done': 'Password changed: {sessions} other sign-in(s) ended, {tokens} integration token(s) revoked.',
};

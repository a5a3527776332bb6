/** Pickers (员工 / 团队 / 营业部 / 客户选择), names beside codes, table states: merged into the catalogue in messages.ts. */
export const pickersZhCN = {
  'picker.searchStaff': '输入员工编号或姓名搜索',
  'picker.searchTeam': '输入团队代码或名称搜索',
  'picker.searchBranch': '输入营业部代码或名称搜索',
  'picker.searchCustomer': '输入客户号、姓名或手机尾号4位搜索',
  'picker.useTyped': '使用输入的代码 {code}',
  'picker.searching': '搜索中…',
  'picker.noMatch': '没有可选的匹配项',
  'picker.own': '（本人）',
  'customers.searchHint': '可输入客户号、姓名、手机尾号4位、完整手机号或证件号',
  'customers.totalHint': '数据范围内的全部客户，含已销户客户',
  'home.customersHint': '{date} 日终未销户的客户，不含已销户客户',
  'customer360.service.staffName': '员工姓名',
};

export const pickersEnUS: Record<keyof typeof pickersZhCN, string> = {
  'picker.searchStaff': 'Type a staff number or name',
  'picker.searchTeam': 'Type a team code or name',
  'picker.searchBranch': 'Type a branch code or name',
  'picker.searchCustomer': 'Type a customer number, name or the mobile’s last 4 digits',
  'picker.useTyped': 'Use the typed code {code}',
  'picker.searching': 'Searching…',
  'picker.noMatch': 'Nothing to pick matches',
  'picker.own': ' (you)',
  'customers.searchHint': 'Customer no., name, last 4 digits of the mobile, full mobile or ID number',
  'customers.totalHint': 'Every customer in your scope, closed ones included',
  'home.customersHint': 'Open at the end of {date}; closed customers not counted',
  'customer360.service.staffName': 'Staff name',
};

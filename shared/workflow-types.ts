/**
 * The flow types of the workflow engine (协同工作), for the server (payload schemas, operation
 * registry) and the web (menus, filters): one list, no imports, no I/O. Their labels are in
 * shared/codes.ts (workflowType).
 */

/** The relationship operations (经纪关系操作). */
export const RELATIONSHIP_OPERATION_TYPES = [
  'APPOINTMENT_OPEN', // 预约客户开户
  'APPOINTMENT_VOID', // 预约作废
  'NON_APPOINTMENT_OPEN', // 非预约客户开户
  'RELATIONSHIP_ADD', // 对应关系增加
  'RELATIONSHIP_CHANGE', // 对应关系变更
  'RELATIONSHIP_REVOKE', // 对应关系撤销
] as const;
export type RelationshipOperationType = (typeof RELATIONSHIP_OPERATION_TYPES)[number];

/** Every flow type: the relationship operations, the staff changes that need approval (人员管理), campaigns (营销活动) and content publication (服务管理). */
export const WORKFLOW_TYPES = [...RELATIONSHIP_OPERATION_TYPES, 'STAFF_LEVEL_CHANGE', 'STAFF_TEAM_CHANGE', 'CAMPAIGN', 'CONTENT_PUBLISH'] as const;

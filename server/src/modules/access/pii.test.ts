import { describe, expect, it } from 'vitest';
import { ROLES } from '../auth/auth.rules.js';
import { canSeePii, maskAddress, maskEmail, maskIdNo, maskMobile, presentPii } from './pii.js';

describe('masks', () => {
  it.each([
    ['110101199001011234', '110101********1234'],
    ['11010119900101123X', '110101********123X'],
    ['110101900101123', '11***********23'], // 15-digit ID
    ['91110108MA01XYZ8', '91************Z8'],
    ['AB12', '****'],
    ['', ''],
  ])('ID %s → %s', (id, masked) => expect(maskIdNo(id)).toBe(masked));

  it.each([
    ['13812345678', '138****5678'],
    ['+8613812345678', '+86*******5678'],
    ['1234567', '*******'],
  ])('mobile %s → %s', (mobile, masked) => expect(maskMobile(mobile)).toBe(masked));

  it.each([
    ['zhang.san@example.com', 'z***@example.com'],
    ['钱@例子.中国', '钱***@例子.中国'],
    ['no-at-sign', 'n*********'],
  ])('e-mail %s → %s', (email, masked) => expect(maskEmail(email)).toBe(masked));

  it.each([
    ['北京市海淀区中关村大街1号', '北京市海淀区****'],
    ['上海市浦东新', '上海市****'],
    ['Room 5, 88 Century Avenue', 'Room 5****'],
  ])('address %s → %s', (address, masked) => expect(maskAddress(address)).toBe(masked));

  it('keeps null as null', () => {
    expect([maskIdNo(null), maskMobile(null), maskEmail(null), maskAddress(null)]).toEqual([null, null, null, null]);
  });
});

describe('presentPii by role', () => {
  const record = {
    customerNo: 'C0001',
    idNo: '110101199001011234',
    mobile: '13812345678',
    email: 'qian.duoduo@example.com',
    address: '北京市海淀区中关村大街1号',
  };
  const masked = {
    customerNo: 'C0001',
    idNo: '110101********1234',
    mobile: '138****5678',
    email: 'q***@example.com',
    address: '北京市海淀区****',
  };

  it.each([
    ['ADMIN', record],
    ['COMPLIANCE', record],
    ['HQ', masked],
    ['BRANCH_MANAGER', masked],
    ['TEAM_LEAD', masked],
    ['BROKER', masked],
    ['SERVICE', masked],
    ['UNKNOWN', masked],
  ])('%s', (role, expected) => {
    expect(presentPii({ role }, record)).toEqual(expected);
    expect(canSeePii({ role })).toBe(expected === record);
  });

  it('masks only the fields a record has', () => {
    expect(presentPii({ role: 'BROKER' }, { customerNo: 'C1', mobile: '13900001111' })).toEqual({ customerNo: 'C1', mobile: '139****1111' });
  });

  it('covers every role', () => {
    expect(ROLES.filter((role) => canSeePii({ role }))).toEqual(['ADMIN', 'COMPLIANCE']);
  });
});

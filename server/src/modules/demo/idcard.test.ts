import { describe, expect, it } from 'vitest';
import { idCheckDigit, isValidIdNo, isValidMobile } from '../../../../shared/identity.js';
import { birthDateOfIdNo, genderOfIdNo, isValidUscc, makeIdNo, makeMobile, makeUscc } from './idcard.js';
import { createRng } from './rng.js';

describe('resident ID numbers (GB 11643-1999)', () => {
  it('computes the ISO 7064 MOD 11-2 check digit', () => {
    // 1·7+1·9+0·10+1·5+0·8+5·4+1·2+9·1+4·6+9·3+1·7+2·9+3·10+1·5+0·8+0·4+2·2 = 167; 167 mod 11 = 2 → 'X'
    expect(idCheckDigit('11010519491231002')).toBe('X');
    // 4·7+4·9+0·10+3·5+0·8+4·4+1·2+9·1+8·6+5·3+0·7+1·9+0·10+1·5+1·8+2·4+3·2 = 205; 205 mod 11 = 7 → '5'
    expect(idCheckDigit('44030419850101123')).toBe('5');
    // 3·7+1·9+0·10+1·5+1·8+5·4+2·2+0+0+0+0+2·9+2·10+9·5+4·8+5·4+6·2 = 214; 214 mod 11 = 5 → '7'
    expect(idCheckDigit('31011520000229456')).toBe('7');
  });

  it('validates', () => {
    expect(isValidIdNo('11010519491231002X')).toBe(true);
    expect(isValidIdNo('11010519491231002x')).toBe(true);
    expect(isValidIdNo('440304198501011235')).toBe(true);
    expect(isValidIdNo('310115200002294567')).toBe(true); // 29 February 2000 existed
    expect(isValidIdNo('110105194912310021')).toBe(false); // wrong check digit
    expect(isValidIdNo('310115200102294563')).toBe(false); // 29 February 2001 did not
    expect(isValidIdNo('99010519491231002X')).toBe(false); // no province 99
    expect(isValidIdNo('11010519491231002')).toBe(false);
  });

  it('makes valid numbers carrying the birth date and gender', () => {
    const rng = createRng(7);
    for (let k = 0; k < 200; k++) {
      const gender = k % 2 === 0 ? 'M' : 'F';
      const id = makeIdNo(rng, '310115', '1985-06-30', gender);
      expect(isValidIdNo(id)).toBe(true);
      expect(genderOfIdNo(id)).toBe(gender);
      expect(birthDateOfIdNo(id)).toBe('1985-06-30');
    }
  });
});

describe('unified social credit codes (GB 32100-2015)', () => {
  it('validates the standard example and generated codes', () => {
    expect(isValidUscc('91350100M000100Y43')).toBe(true);
    expect(isValidUscc('91350100M000100Y44')).toBe(false);
    const rng = createRng(3);
    for (let k = 0; k < 100; k++) expect(isValidUscc(makeUscc(rng, '310115'))).toBe(true);
  });
});

describe('mobile numbers', () => {
  it('accepts 11 digits with a 13x–19x prefix', () => {
    expect(isValidMobile('13812345678')).toBe(true);
    expect(isValidMobile('19912345678')).toBe(true);
    expect(isValidMobile('12812345678')).toBe(false);
    expect(isValidMobile('1381234567')).toBe(false);
    expect(isValidMobile('138123456789')).toBe(false);
    const rng = createRng(5);
    for (let k = 0; k < 100; k++) expect(isValidMobile(makeMobile(rng))).toBe(true);
  });
});

/**
 * The Aliyun SendSms signature (POP RPC, version 1.0): Aliyun's own documented example, and a POST
 * request of ours whose canonical query and StringToSign were written out by hand (UTF-8 of 钱 E9 92 B1,
 * 多 E5 A4 9A, 张 E5 BC A0, 伟 E4 BC 9F; SignName sorts before SignatureMethod: N 0x4E < a 0x61) and whose
 * HMAC was computed apart with `printf '%s' "$STS" | openssl dgst -sha1 -hmac 'quancrm-test-secret&' -binary | base64`.
 */
import { describe, expect, it } from 'vitest';
import { canonicalQuery, encodeParams, percentEncode, popRequestProblem, popSignature, popTimestamp, sendSmsParams, stringToSign } from './aliyun-sms.rules.js';

/** The example of Aliyun's 短信服务 "HTTP 协议及签名" page (AccessKeySecret testSecret, GET). */
const DOC_EXAMPLE = {
  AccessKeyId: 'testId', Action: 'SendSms', Format: 'XML', OutId: '123', PhoneNumbers: '15300000001', RegionId: 'cn-hangzhou',
  SignName: '阿里云短信测试专用', SignatureMethod: 'HMAC-SHA1', SignatureNonce: '45e25e9b-0a6f-4070-8c85-2956eda1b466', SignatureVersion: '1.0',
  TemplateCode: 'SMS_71390007', TemplateParam: '{"customer":"test"}', Timestamp: '2017-07-12T02:42:19Z', Version: '2017-05-25',
};

const OURS = {
  accessKeyId: 'LTAI-test', phoneNumbers: '13812345678', signName: 'QuanCRM', templateCode: 'SMS_0001',
  templateParam: { customerName: '钱多多', staffName: '张伟' }, outId: '1001:C0001', at: new Date('2025-06-16T02:00:00.000Z'),
  nonce: '0f4c2a8e-1b2d-4c3e-9f00-000000000001',
};
const OURS_CANONICAL = 'AccessKeyId=LTAI-test&Action=SendSms&Format=JSON&OutId=1001%3AC0001&PhoneNumbers=13812345678&RegionId=cn-hangzhou'
  + '&SignName=QuanCRM&SignatureMethod=HMAC-SHA1&SignatureNonce=0f4c2a8e-1b2d-4c3e-9f00-000000000001&SignatureVersion=1.0&TemplateCode=SMS_0001'
  + '&TemplateParam=%7B%22customerName%22%3A%22%E9%92%B1%E5%A4%9A%E5%A4%9A%22%2C%22staffName%22%3A%22%E5%BC%A0%E4%BC%9F%22%7D'
  + '&Timestamp=2025-06-16T02%3A00%3A00Z&Version=2017-05-25';

describe('percentEncode', () => {
  it.each([
    [' ', '%20'], ['*', '%2A'], ['~', '~'], ['+', '%2B'], ['/', '%2F'], ['=', '%3D'], ['&', '%26'], ["!'()", '%21%27%28%29'],
    ['a-Z_0.9', 'a-Z_0.9'], ['中', '%E4%B8%AD'], ['{"a":"b"}', '%7B%22a%22%3A%22b%22%7D'],
  ])('%j → %s', (raw, encoded) => expect(percentEncode(raw)).toBe(encoded));
});

describe('the SendSms signature', () => {
  it('gives the documented example’s signature', () => {
    expect(canonicalQuery(DOC_EXAMPLE)).toBe(
      'AccessKeyId=testId&Action=SendSms&Format=XML&OutId=123&PhoneNumbers=15300000001&RegionId=cn-hangzhou'
      + '&SignName=%E9%98%BF%E9%87%8C%E4%BA%91%E7%9F%AD%E4%BF%A1%E6%B5%8B%E8%AF%95%E4%B8%93%E7%94%A8&SignatureMethod=HMAC-SHA1'
      + '&SignatureNonce=45e25e9b-0a6f-4070-8c85-2956eda1b466&SignatureVersion=1.0&TemplateCode=SMS_71390007'
      + '&TemplateParam=%7B%22customer%22%3A%22test%22%7D&Timestamp=2017-07-12T02%3A42%3A19Z&Version=2017-05-25',
    );
    expect(popSignature('testSecret', 'GET', DOC_EXAMPLE)).toBe('zJDF+Lrzhj/ThnlvIToysFRq6t4=');
    // the Signature itself is never signed
    expect(popSignature('testSecret', 'GET', { ...DOC_EXAMPLE, Signature: 'anything' })).toBe('zJDF+Lrzhj/ThnlvIToysFRq6t4=');
  });

  it('builds our POST request: every parameter, TemplateParam the template’s variables, signed', () => {
    const params = sendSmsParams(OURS, 'quancrm-test-secret');
    expect(params).toEqual({
      AccessKeyId: 'LTAI-test', Action: 'SendSms', Format: 'JSON', OutId: '1001:C0001', PhoneNumbers: '13812345678', RegionId: 'cn-hangzhou',
      SignName: 'QuanCRM', SignatureMethod: 'HMAC-SHA1', SignatureNonce: '0f4c2a8e-1b2d-4c3e-9f00-000000000001', SignatureVersion: '1.0',
      TemplateCode: 'SMS_0001', TemplateParam: '{"customerName":"钱多多","staffName":"张伟"}', Timestamp: '2025-06-16T02:00:00Z', Version: '2017-05-25',
      Signature: 'KZpEttXAEdpwkhYv4SHJr+O67B0=',
    });
    expect(canonicalQuery(params)).toBe(OURS_CANONICAL);
    expect(stringToSign('POST', params)).toBe(`POST&%2F&${percentEncode(OURS_CANONICAL)}`);
    expect(stringToSign('POST', params)).toBe(
      'POST&%2F&AccessKeyId%3DLTAI-test%26Action%3DSendSms%26Format%3DJSON%26OutId%3D1001%253AC0001%26PhoneNumbers%3D13812345678%26RegionId%3Dcn-hangzhou%26S'
      + 'ignName%3DQuanCRM%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D0f4c2a8e-1b2d-4c3e-9f00-000000000001%26SignatureVersion%3D1.0%26TemplateCode%3DSMS_'
      + '0001%26TemplateParam%3D%257B%2522customerName%2522%253A%2522%25E9%2592%25B1%25E5%25A4%259A%25E5%25A4%259A%2522%252C%2522staffName%2522%253A%2522%25E5%'
      + '25BC%25A0%25E4%25BC%259F%2522%257D%26Timestamp%3D2025-06-16T02%253A00%253A00Z%26Version%3D2017-05-25',
    );
    expect(encodeParams({ Signature: 'KZpEttXAEdpwkhYv4SHJr+O67B0=', OutId: '1:C 1' })).toBe('Signature=KZpEttXAEdpwkhYv4SHJr%2BO67B0%3D&OutId=1%3AC%201');
    expect(popTimestamp(new Date('2025-06-16T02:00:00.999Z'))).toBe('2025-06-16T02:00:00Z');
  });
});

describe('checking a received request (the embedded gateway)', () => {
  const secrets = (id: string) => (id === 'LTAI-test' ? 'quancrm-test-secret' : undefined);
  const now = OURS.at.getTime();
  const signed = sendSmsParams(OURS, 'quancrm-test-secret');

  it('accepts the signed request within 15 minutes', () => {
    expect(popRequestProblem('POST', signed, secrets, now)).toBeNull();
    expect(popRequestProblem('POST', signed, secrets, now + 15 * 60_000)).toBeNull();
  });

  it('names what is wrong the way the provider does', () => {
    expect(popRequestProblem('POST', { ...signed, PhoneNumbers: '13900000000' }, secrets, now)).toEqual({
      status: 400, code: 'SignatureDoesNotMatch',
      message: `Specified signature is not matched with our calculation. server string to sign is:${stringToSign('POST', { ...signed, PhoneNumbers: '13900000000' })}`,
    });
    // signed for POST, sent as GET
    expect(popRequestProblem('GET', signed, secrets, now)?.code).toBe('SignatureDoesNotMatch');
    expect(popRequestProblem('POST', sendSmsParams(OURS, 'another-secret'), secrets, now)?.code).toBe('SignatureDoesNotMatch');
    expect(popRequestProblem('POST', { ...signed, AccessKeyId: 'LTAI-other' }, secrets, now)).toMatchObject({ status: 404, code: 'InvalidAccessKeyId.NotFound' });
    expect(popRequestProblem('POST', signed, secrets, now + 15 * 60_000 + 1000)).toMatchObject({ status: 400, code: 'InvalidTimeStamp.Expired' });
    expect(popRequestProblem('POST', { ...signed, Timestamp: '2025-06-16 02:00:00' }, secrets, now)).toMatchObject({ status: 400, code: 'InvalidTimeStamp.Format' });
    const { Signature: _dropped, ...unsigned } = signed;
    expect(popRequestProblem('POST', unsigned, secrets, now)).toMatchObject({ status: 400, code: 'MissingParameter', message: 'Signature is mandatory for this action.' });
  });
});

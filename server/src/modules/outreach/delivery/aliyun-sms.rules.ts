/**
 * The Aliyun 短信服务 (dysmsapi) SendSms request and its signature, pure: no I/O, no clock, no
 * randomness (the caller gives the time and the nonce).
 *
 * The RPC ("POP") style, signature version 1.0 (Aliyun's "HTTP 协议及签名" / "Signature method"):
 * 1. the request's parameters, Signature excepted, sorted by name; each name and value
 *    percent-encoded (UTF-8; A–Z a–z 0–9 - _ . ~ kept, everything else %XX in upper case: a space
 *    is %20, never +; * is %2A; ~ stays) and joined as name=value with &: the canonical query;
 * 2. StringToSign = METHOD & percentEncode("/") & percentEncode(canonical query);
 * 3. Signature = base64(HMAC-SHA1(key = AccessKeySecret + "&", StringToSign)).
 * The request carries the parameters and the Signature as the query (GET) or a form body (POST).
 * The answer is JSON: { Code: "OK", Message: "OK", BizId, RequestId }, or an error
 * { Code, Message, RequestId, HostId } (SignatureDoesNotMatch, InvalidAccessKeyId.NotFound, …).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SEND_SMS_VERSION = '2017-05-25';
export const DEFAULT_REGION = 'cn-hangzhou';
/** How far a request's Timestamp may be from the receiver's clock (Aliyun: 15 minutes). */
export const TIMESTAMP_TOLERANCE_MS = 15 * 60_000;

/** RFC 3986 percent-encoding of UTF-8, as POP signs it. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The parameters but Signature, sorted by name (code-unit order: the names are ASCII), encoded, joined. */
export function canonicalQuery(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .filter((name) => name !== 'Signature')
    .sort()
    .map((name) => `${percentEncode(name)}=${percentEncode(params[name]!)}`)
    .join('&');
}

export function stringToSign(method: string, params: Readonly<Record<string, string>>): string {
  return `${method.toUpperCase()}&${percentEncode('/')}&${percentEncode(canonicalQuery(params))}`;
}

/** base64(HMAC-SHA1(secret + "&", StringToSign)). */
export function popSignature(accessKeySecret: string, method: string, params: Readonly<Record<string, string>>): string {
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign(method, params), 'utf8').digest('base64');
}

/** An ISO 8601 UTC time to the second, as POP writes it: 2017-07-12T02:42:19Z. */
export function popTimestamp(at: Date): string {
  return `${at.toISOString().slice(0, 19)}Z`;
}

export interface SendSmsInput {
  accessKeyId: string;
  phoneNumbers: string;
  signName: string;
  templateCode: string;
  /** The provider template's variables by name (serialised as a JSON object). */
  templateParam: Readonly<Record<string, string>>;
  outId: string;
  at: Date;
  /** A value never used before (a UUID). */
  nonce: string;
  regionId?: string;
}

/** The SendSms request's parameters, Signature included. */
export function sendSmsParams(input: SendSmsInput, accessKeySecret: string, method = 'POST'): Record<string, string> {
  const params: Record<string, string> = {
    AccessKeyId: input.accessKeyId,
    Action: 'SendSms',
    Format: 'JSON',
    OutId: input.outId,
    PhoneNumbers: input.phoneNumbers,
    RegionId: input.regionId ?? DEFAULT_REGION,
    SignName: input.signName,
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: input.nonce,
    SignatureVersion: '1.0',
    TemplateCode: input.templateCode,
    TemplateParam: JSON.stringify(input.templateParam),
    Timestamp: popTimestamp(input.at),
    Version: SEND_SMS_VERSION,
  };
  return { ...params, Signature: popSignature(accessKeySecret, method, params) };
}

/** Parameters as a query string or form body (POP encoding). */
export function encodeParams(params: Readonly<Record<string, string>>): string {
  return Object.entries(params).map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
}

/** What the provider answers a request it refuses (the HTTP status and the body's Code and Message). */
export interface PopError {
  status: 400 | 404;
  code: string;
  message: string;
}

/**
 * A received POP request checked as the provider checks it: a known AccessKeyId (404
 * InvalidAccessKeyId.NotFound), HMAC-SHA1 version 1.0, a Timestamp within 15 minutes of `nowMs`
 * (400 InvalidTimeStamp.Expired), the Signature (400 SignatureDoesNotMatch, naming the server's
 * string to sign). Null when it holds. The nonce's single use is the receiver's (it keeps state).
 */
export function popRequestProblem(
  method: string, params: Readonly<Record<string, string>>, secretOf: (accessKeyId: string) => string | undefined, nowMs: number,
): PopError | null {
  const missing = ['AccessKeyId', 'Signature', 'SignatureMethod', 'SignatureVersion', 'SignatureNonce', 'Timestamp'].find((name) => !params[name]);
  if (missing) return { status: 400, code: `MissingParameter`, message: `${missing} is mandatory for this action.` };
  const secret = secretOf(params.AccessKeyId!);
  if (secret === undefined) return { status: 404, code: 'InvalidAccessKeyId.NotFound', message: 'Specified access key is not found.' };
  if (params.SignatureMethod !== 'HMAC-SHA1' || params.SignatureVersion !== '1.0') {
    return { status: 400, code: 'InvalidSignatureMethod', message: 'Specified signature method or version is not supported.' };
  }
  const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(params.Timestamp!) ? Date.parse(params.Timestamp!) : Number.NaN;
  if (Number.isNaN(at)) return { status: 400, code: 'InvalidTimeStamp.Format', message: 'Specified time stamp or date value is not well formatted.' };
  if (Math.abs(at - nowMs) > TIMESTAMP_TOLERANCE_MS) return { status: 400, code: 'InvalidTimeStamp.Expired', message: 'Specified time stamp or date value is expired.' };
  const expected = Buffer.from(popSignature(secret, method, params));
  const given = Buffer.from(params.Signature!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { status: 400, code: 'SignatureDoesNotMatch', message: `Specified signature is not matched with our calculation. server string to sign is:${stringToSign(method, params)}` };
  }
  return null;
}

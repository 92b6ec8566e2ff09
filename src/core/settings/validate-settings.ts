import { classifyHopUrl, isSalesforceHost } from '../flow/classify-hop-url.ts';
import { parseUsernameFormat } from './parse-username-format.ts';
import { SETTING_KEYS, type SettingKey, type Settings } from './settings.ts';

/** Why one setting value was not accepted. `code` is stable; `message` is for the admin. */
export interface SettingProblem {
  readonly key: SettingKey;
  readonly code: SettingProblemCode;
  readonly message: string;
}

export type SettingProblemCode =
  | 'wrong-type'
  | 'link-not-a-url'
  | 'link-not-https'
  | 'link-not-idp-login'
  | 'link-missing-app'
  | 'link-not-an-idp'
  | 'fingerprint-invalid'
  | 'region-invalid'
  | 'instance-id-invalid'
  | 'metadata-not-xml'
  | 'username-format-invalid'
  | 'too-long';

export interface ValidatedSettings {
  /** Only the accepted values, normalised; empty strings and empty lists count as unset. */
  readonly values: Settings;
  readonly problems: readonly SettingProblem[];
}

const MAX_TEXT = 2048;
const MAX_METADATA = 1024 * 1024;
const MAX_FINGERPRINTS = 20;
const REGION = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INSTANCE_ARN = /^arn:aws[a-z-]*:connect:[a-z0-9-]+:\d{12}:instance\/([0-9a-f-]{36})$/i;

/**
 * Checks and normalises settings from any source (`storage.local`, `storage.managed`, the options
 * page). Unknown keys are ignored; a value of the wrong type or shape is dropped and reported, the
 * others are kept. Never throws.
 */
export function validateSettings(input: unknown): ValidatedSettings {
  const values: { -readonly [K in SettingKey]?: Settings[K] } = {};
  const problems: SettingProblem[] = [];
  if (typeof input !== 'object' || input === null) return { values, problems };
  const record = input as Readonly<Record<string, unknown>>; // -- reason: checked to be a non-null object above
  for (const key of SETTING_KEYS) {
    const raw = record[key];
    if (raw === undefined || raw === null) continue;
    const result = validateSetting(key, raw);
    if (result.problem !== undefined) problems.push({ key, ...result.problem });
    else if (result.value !== undefined) assign(values, key, result.value);
  }
  return { values, problems };
}

/** The keys that carry a value in `input` (set, even when invalid): what enterprise policy locks. */
export function presentSettingKeys(input: unknown): readonly SettingKey[] {
  if (typeof input !== 'object' || input === null) return [];
  const record = input as Readonly<Record<string, unknown>>; // -- reason: checked to be a non-null object above
  return SETTING_KEYS.filter((key) => record[key] !== undefined && record[key] !== null);
}

export type TelephonyLinkCheck =
  | { readonly ok: true; readonly url: string; readonly kind: 'salesforce-idp' | 'third-party-idp' }
  | { readonly ok: false; readonly code: SettingProblemCode; readonly message: string };

/**
 * The Telephony Provider Settings link must be an https URL that starts SSO at the IdP: Salesforce's
 * `/idp/login?app=...` (or the login page that leads there), or any https URL of a third-party IdP.
 * Links into AWS sign-in, the AWS console or Connect are refused: Connect does not support starting
 * from the service provider side, so such a link ends in "Session expired".
 */
export function checkTelephonyLink(text: string): TelephonyLinkCheck {
  const trimmed = text.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { ok: false, code: 'link-not-a-url', message: 'The link is not a URL. Copy it from the contact center record in Salesforce Setup.' };
  }
  if (url.protocol !== 'https:') return { ok: false, code: 'link-not-https', message: 'The link must start with https://.' };
  const kind = classifyHopUrl(url.href);
  if (isSalesforceHost(url.hostname)) {
    if (kind === 'salesforce-login') return { ok: true, url: url.href, kind: 'salesforce-idp' };
    if (kind !== 'salesforce-idp') {
      return {
        ok: false,
        code: 'link-not-idp-login',
        message: 'This Salesforce link does not start SSO. It should look like https://<MyDomain>.my.salesforce.com/idp/login?app=<id>.',
      };
    }
    if (/\/idp\/login\/?$/i.test(url.pathname) && !url.searchParams.has('app')) {
      return { ok: false, code: 'link-missing-app', message: 'The idp/login link has no app parameter, so Salesforce cannot tell which connected app to use.' };
    }
    return { ok: true, url: url.href, kind: 'salesforce-idp' };
  }
  if (kind !== 'other') {
    return {
      ok: false,
      code: 'link-not-an-idp',
      message: 'This link points to AWS or Amazon Connect. Use the link that starts sign-in at the identity provider (the Telephony Provider Settings link).',
    };
  }
  return { ok: true, url: url.href, kind: 'third-party-idp' };
}

/**
 * A SHA-1 or SHA-256 certificate fingerprint in the form the AWS and Salesforce consoles and openssl
 * print it: upper-case hex pairs joined by colons. Accepts any case, with or without colons or
 * spaces, and openssl's `SHA256 Fingerprint=` prefix. Undefined when it is not 40 or 64 hex digits.
 */
export function normalizeFingerprint(text: string): string | undefined {
  const hex = text.replace(/^[^=]*fingerprint\s*=\s*/i, '').replace(/[\s:]/g, '').toUpperCase();
  if (!/^[0-9A-F]+$/.test(hex) || (hex.length !== 40 && hex.length !== 64)) return undefined;
  return hex.match(/../g)?.join(':');
}

type SettingResult = { readonly value?: Settings[SettingKey]; readonly problem?: Omit<SettingProblem, 'key'> };

function validateSetting(key: SettingKey, raw: unknown): SettingResult {
  if (key === 'expectedCertificateFingerprints') return validateFingerprints(raw);
  if (typeof raw !== 'string') return { problem: { code: 'wrong-type', message: `${key} must be text.` } };
  const text = key === 'awsMetadataXml' ? raw : raw.trim();
  if (text.trim() === '') return {};
  if (text.length > (key === 'awsMetadataXml' ? MAX_METADATA : MAX_TEXT)) return { problem: { code: 'too-long', message: `${key} is too long.` } };
  switch (key) {
    case 'telephonyProviderSettingsUrl': {
      const check = checkTelephonyLink(text);
      return check.ok ? { value: check.url } : { problem: { code: check.code, message: check.message } };
    }
    case 'region':
      return REGION.test(text)
        ? { value: text }
        : { problem: { code: 'region-invalid', message: `"${text}" is not an AWS region code such as us-east-1.` } };
    case 'connectInstanceId': {
      const fromArn = INSTANCE_ARN.exec(text)?.[1];
      const id = fromArn ?? text;
      return UUID.test(id)
        ? { value: id.toLowerCase() }
        : { problem: { code: 'instance-id-invalid', message: 'The Connect instance id is a UUID (or give the instance ARN).' } };
    }
    case 'awsMetadataXml':
      // Kept byte for byte (a BOM or stray whitespace is itself a finding when diagnosed).
      return /<(?:[\w.-]+:)?EntityDescriptor[\s>/]/.test(text)
        ? { value: text }
        : { problem: { code: 'metadata-not-xml', message: 'This is not SAML metadata: no EntityDescriptor element found.' } };
    case 'connectUsernameFormat': {
      const parsed = parseUsernameFormat(text);
      return parsed.ok ? { value: text } : { problem: { code: 'username-format-invalid', message: parsed.message } };
    }
    case 'expectedIssuer':
      return { value: text };
  }
}

function validateFingerprints(raw: unknown): SettingResult {
  const items = typeof raw === 'string' ? raw.split(/[,;\n]+/) : Array.isArray(raw) ? (raw as unknown[]) : undefined; // -- reason: Array.isArray narrows to any[]
  if (items === undefined || items.some((item) => typeof item !== 'string')) {
    return { problem: { code: 'wrong-type', message: 'Certificate fingerprints must be text, one per line or a list.' } };
  }
  const texts = (items as string[]).map((t) => t.trim()).filter((t) => t !== ''); // -- reason: every item was checked to be a string
  if (texts.length > MAX_FINGERPRINTS) return { problem: { code: 'too-long', message: `At most ${MAX_FINGERPRINTS} fingerprints.` } };
  const normalized: string[] = [];
  for (const text of texts) {
    const fingerprint = normalizeFingerprint(text);
    if (fingerprint === undefined) {
      return { problem: { code: 'fingerprint-invalid', message: `"${text.slice(0, 120)}" is not a SHA-1 (40 hex digits) or SHA-256 (64 hex digits) fingerprint.` } };
    }
    if (!normalized.includes(fingerprint)) normalized.push(fingerprint);
  }
  return normalized.length === 0 ? {} : { value: normalized };
}

function assign(target: { -readonly [P in SettingKey]?: Settings[P] }, key: SettingKey, value: Settings[SettingKey]): void {
  Object.assign(target, { [key]: value });
}

/** A copy of `settings` without the given keys. */
export function omitSettings(settings: Settings, keys: readonly SettingKey[]): Settings {
  return Object.fromEntries(Object.entries(settings).filter(([key]) => !(keys as readonly string[]).includes(key)));
}

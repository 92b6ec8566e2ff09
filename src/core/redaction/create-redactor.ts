import { createReceiptRecorder, type RedactionAction, type RedactionReceiptEntry } from './redaction-receipt.ts';
import { redactSamlValue } from './redact-saml-value.ts';
import { hmacSha256 } from './sha256.ts';

/**
 * How AWS account ids come out. `display`: `********9012`, for reports people read.
 * `parseable`: the first 8 digits replaced by keyed digits (`58203917` + `9012`), for the redacted
 * HAR: IAM ARNs must keep 12 digits or the re-imported assertion reads as a malformed Role.
 */
export type AccountIdStyle = 'display' | 'parseable';

export interface RedactorOptions {
  readonly accountIds?: AccountIdStyle;
}

/**
 * A per-report redactor (DESIGN.md § Privacy rules). People are pseudonymized consistently within
 * one report and format-preserving: every letter stays a letter of the same case, every digit a
 * digit, every other character (`@ . _ - + = ,`, whitespace) stays as it is. So length, character
 * classes and case-insensitive equality survive, and the diagnosis of the redacted data is the
 * same: `JDoe` and `jdoe` become e.g. `XKqa` and `xkqa`; two different names stay different.
 * Pseudonyms are keyed with HMAC-SHA-256 and the per-report salt, which is never exported, so a
 * pseudonym cannot be reversed by hashing guesses.
 */
export interface Redactor {
  readonly accountIds: AccountIdStyle;
  /** Registers an identity value so later free text is scrubbed of it too; no output, no receipt. */
  learn(value: string): void;
  /** Registers the person parameters of a URL (`un=`, `email=`, ...) like `learn`. */
  learnUrl(value: string): void;
  /** Pseudonymizes an identity value (NameID, RoleSessionName, username, email, ...). */
  person(value: string, field: string): string;
  /** Scrubs free text: URLs, email addresses, Salesforce user/org ids, AWS account ids, UUIDs, learnt identities. */
  text(value: string): string;
  /** Scrubs a URL: host and path kept (ids in them pseudonymized or masked), secret parameters removed. */
  url(value: string): string;
  /** Records an action on a field that the caller performed itself (removal, kept structure). */
  note(field: string, action: RedactionAction, count?: number): void;
  receipt(): RedactionReceiptEntry[];
  /**
   * The same redactor (same pseudonyms, same learnt names) that records nothing: for a second copy
   * of data already counted, e.g. the diagnosis's copy of the SAML message the flow carries.
   */
  quiet(): Redactor;
}

/** Value that replaces a removed URL parameter or header. */
export const REMOVED = 'REMOVED';

const MAX_DICTIONARY_ENTRIES = 5_000;
const MAX_URL_DEPTH = 4;
/** Longer identity values are not searched for as a whole (their parts still are). */
const MAX_PHRASE_CHARS = 256;
/** Identity parts shorter than this are not searched for in free text (single letters are everywhere). */
const MIN_LEARNT_CHARS = 3;
/** Digit-only parts shorter than this are not searched for in free text (years, ports, status codes). */
const MIN_LEARNT_DIGITS = 6;
/** Parts at least this long (with a letter) are replaced even inside longer words (e.g. after a JSON `\t`). */
const UNBOUNDED_MIN_CHARS = 6;
/** Keystream rounds tried for a run before walking to the next free pseudonym. */
const PROBE_ROUNDS = 8;
/** Runs whose pseudonyms are remembered per report (kept one-to-one); far more than any report holds. */
const MAX_TRACKED_RUNS = 100_000;

/**
 * Words that occur in the structure every report keeps (host names, URN parts, the product's own
 * sentences). A user whose alias is one of them is still pseudonymized in identity fields, but the
 * word is not hunted down in free text, where replacing it would garble hosts and sentences.
 */
const STRUCTURAL_WORDS: ReadonlySet<string> = new Set([
  'aws', 'amazon', 'amazonaws', 'com', 'net', 'org', 'salesforce', 'force', 'connect', 'saml', 'saml2', 'signin', 'console', 'https', 'http',
  'www', 'role', 'roles', 'idp', 'login', 'user', 'users', 'admin', 'sso', 'the', 'and', 'for', 'federate', 'ccp', 'voice', 'instance', 'endpoint',
  'response', 'assertion', 'attribute', 'attributes', 'issuer', 'audience', 'null', 'true', 'false', 'undefined', 'urn', 'oasis', 'names', 'nameid',
  'format', 'persistent', 'transient', 'unspecified', 'emailaddress', 'status', 'success', 'provider', 'session', 'name', 'iam', 'sts', 'arn',
  'gov', 'apps', 'awsapps', 'cloud', 'home', 'default', 'test', 'example', 'invalid', 'localhost', 'support',
]);

const UUID_SOURCE = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const NOT_ALNUM_BEFORE = '(?<![\\p{L}\\p{N}])';
const NOT_ALNUM_AFTER = '(?![\\p{L}\\p{N}])';
const EMAIL_SOURCE = '(?<![\\p{L}\\p{N}._%+-])[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)*\\.\\p{L}{2,}(?![\\p{L}\\p{N}-])';
/** Salesforce record ids of users (005) and orgs (00D): 15 characters, or 18 with the case-checksum suffix. */
const SALESFORCE_ID_SOURCE = `${NOT_ALNUM_BEFORE}00[5D][A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?${NOT_ALNUM_AFTER}`;
const ACCOUNT_DASHED_SOURCE = '(?<![\\p{L}\\p{N}-])\\d{4}-\\d{4}-\\d{4}(?![\\p{L}\\p{N}-])';
const ACCOUNT_SOURCE = `${NOT_ALNUM_BEFORE}\\d{12}${NOT_ALNUM_AFTER}`;
const URL_SOURCE = '\\bhttps?://[^\\s"\'<>()\\[\\]{}\\\\^`|]+';
/** `token=...`, `sid=...` in free text (a pasted URL fragment, a cookie in an error message): value removed. */
const SECRET_PAIR_SOURCE = '(?<![\\p{L}\\p{N}_-])(?:access_token|id_token|refresh_token|token|sid|session(?:id)?|samlart|code|password|passwd|pwd|secret|api_?key|x-amz-security-token|x-amz-signature)=(?=[^\\s&"\'<>;,]{4})';

/** Identity values: ids and emails by shape first, then every run of letters and digits. */
const PERSON_PATTERN = new RegExp(
  `(?<uuid>${NOT_ALNUM_BEFORE}${UUID_SOURCE}${NOT_ALNUM_AFTER})|(?<email>${EMAIL_SOURCE})|(?<sfid>${SALESFORCE_ID_SOURCE})|(?<acctd>${ACCOUNT_DASHED_SOURCE})|(?<acct>${ACCOUNT_SOURCE})|(?<run>[\\p{L}\\p{N}]+)`,
  'gu',
);
/** Host names: only ids by shape (an account-id sign-in host, an instance id); words are structure. */
const HOST_PATTERN = new RegExp(`(?<uuid>${NOT_ALNUM_BEFORE}${UUID_SOURCE}${NOT_ALNUM_AFTER})|(?<sfid>${SALESFORCE_ID_SOURCE})|(?<acctd>${ACCOUNT_DASHED_SOURCE})|(?<acct>${ACCOUNT_SOURCE})`, 'gu');

const REQUEST_ID_BEFORE = /request[\s_-]?id["']?\s*[:=]?\s*["']?$/i;

/** URL parameters whose values are credentials or session handles: removed. */
const SECRET_PARAMETER = /token|session|secret|passw|signature|credential|auth|otp|nonce|cookie|api[-_]?key|saml[-_]?art|^(?:sid|code|key|pw|state|ticket|jwt|assertion|csrf|xsrf|confirmationtoken)$/i;
/** URL parameters that carry a person: pseudonymized. */
const PERSON_PARAMETER = /^(?:un|user|username|user_name|login|login_hint|loginhint|email|e-mail|mail|upn|nameid|alias|name|display_name|displayname)$/i;
const SAML_VALUE_PARAMETER = /^SAML(?:Request|Response)$/;

export function createRedactor(salt: string, options: RedactorOptions = {}): Redactor {
  const key = new TextEncoder().encode(`sso-doctor redaction v1\u0000${salt}`);
  const accountIds = options.accountIds ?? 'display';
  const recorder = createReceiptRecorder();
  /** Above zero while a quiet() view is working: nothing is recorded. */
  let silence = 0;
  const record = (field: string, action: RedactionAction, count?: number): void => {
    if (silence === 0) recorder.note(field, action, count);
  };
  const streams = new Map<string, Uint8Array>();
  const dictionary = new Set<string>();
  /** Whole identity values with separators ("j doe@..."): replaced as a unit, so a one-letter part changes too. */
  const phrases = new Set<string>();
  let textPattern: RegExp | undefined;

  const stream = (label: string, material: string, length: number, round = 0): Uint8Array => {
    const cacheKey = `${label}\u0000${String(round)}\u0000${material}`;
    const cached = streams.get(cacheKey);
    if (cached !== undefined && cached.length >= length) return cached;
    const out = new Uint8Array(Math.max(32, Math.ceil(length / 32) * 32));
    for (let block = 0; block * 32 < out.length; block++) {
      out.set(hmacSha256(key, new TextEncoder().encode(`${label}\u0000${String(round)}\u0000${String(block)}\u0000${material}`)), block * 32);
    }
    streams.set(cacheKey, out);
    return out;
  };

  /**
   * The pseudonym given to each run (letter case folded) and, the other way, whose pseudonym each
   * one is: a keyed mapping alone sends two short runs to one pseudonym quite often (26 letters),
   * which would show "A = B" where the report has A ≠ B. Two O(1) lookups per run keep it one-to-one.
   */
  const runPseudonyms = new Map<string, readonly string[]>();
  const runOwners = new Map<string, string>();

  const pseudonymizeRun = (run: string): string => {
    const characters = Array.from(run);
    const material = characters.map((c) => c.toLowerCase()).join('');
    let folded = runPseudonyms.get(material);
    if (folded === undefined) {
      folded = freshRunPseudonym(characters, material);
      if (runPseudonyms.size < MAX_TRACKED_RUNS) {
        runPseudonyms.set(material, folded);
        runOwners.set(folded.join(''), material);
      }
    }
    // Case variants of one run are case variants of one pseudonym.
    return characters.map((c, i) => (c === c.toLowerCase() ? (folded[i] ?? c) : (folded[i] ?? c).toUpperCase())).join('');
  };

  /** Letter-case-folded pseudonym characters for a run not seen before in this report. */
  const freshRunPseudonym = (characters: readonly string[], material: string): readonly string[] => {
    const free = (candidate: string): boolean => {
      const owner = runOwners.get(candidate);
      return owner === undefined || owner === material;
    };
    // A short run can map onto itself or onto another run's pseudonym by chance; another round of
    // the keystream avoids both (round 0 is the plain keyed pseudonym, as before).
    for (let round = 0; round < PROBE_ROUNDS; round++) {
      const bytes = stream('run', material, characters.length, round);
      const folded = characters.map((c, i) => mapCharacter(c, bytes[i] ?? 0).toLowerCase());
      const candidate = folded.join('');
      if (candidate !== material && free(candidate)) return folded;
    }
    // Nearly every pseudonym of this shape is taken (only very short runs get here): the next free
    // one in alphabet order, which exists while fewer runs of the shape were seen than it has values.
    // When only the run itself is left, it stands for itself (every other value of its shape is
    // someone else's, so one-to-one wins); when nothing is (more distinct runs than pseudonyms,
    // e.g. 30 single non-ASCII letters), the plain keyed one is shared.
    const bytes = stream('run', material, characters.length, 0);
    const keyed = characters.map((c, i) => mapCharacter(c, bytes[i] ?? 0).toLowerCase());
    return nextFreeRun(keyed, (candidate) => candidate !== material && free(candidate)) ?? (free(material) ? characters.map((c) => c.toLowerCase()) : keyed);
  };

  const pseudonymizeSalesforceId = (id: string): string => {
    const body = id.slice(0, 15);
    const bytes = stream('salesforce-id', body.toLowerCase(), 12);
    let out = body.slice(0, 3);
    for (let i = 3; i < 15; i++) out += mapCharacter(body.charAt(i), bytes[i - 3] ?? 0);
    // The 18-character suffix encodes only which of the 15 are upper case, which the pseudonym keeps.
    return out + id.slice(15);
  };

  const pseudonymizeUuid = (uuid: string): string => {
    const bytes = stream('uuid', uuid.toLowerCase(), 32);
    const upper = /[A-F]/.test(uuid) && !/[a-f]/.test(uuid);
    let index = 0;
    let out = '';
    for (const c of uuid) {
      if (c === '-') out += c;
      else out += '0123456789abcdef'.charAt((bytes[index++] ?? 0) % 16);
    }
    return upper ? out.toUpperCase() : out;
  };

  const maskAccount = (text: string): string => {
    const digits = text.replace(/-/g, '');
    const bytes = stream('account', digits, 8);
    let seen = 0;
    let out = '';
    for (const c of text) {
      if (c === '-' || seen >= 8) out += c;
      else out += accountIds === 'display' ? '*' : String((bytes[seen] ?? 0) % 10);
      if (c !== '-') seen++;
    }
    return out;
  };

  const register = (run: string): void => {
    const lower = run.toLowerCase();
    const length = Array.from(run).length;
    const digitsOnly = /^\p{N}+$/u.test(run);
    if (length < (digitsOnly ? MIN_LEARNT_DIGITS : MIN_LEARNT_CHARS) || STRUCTURAL_WORDS.has(lower)) return;
    if (dictionary.has(lower) || dictionary.size >= MAX_DICTIONARY_ENTRIES) return;
    dictionary.add(lower);
    textPattern = undefined;
  };

  const registerPhrase = (value: string): void => {
    const lower = value.toLowerCase();
    if (!/[\p{L}\p{N}]/u.test(value) || !/[^\p{L}\p{N}]/u.test(value) || value.length < MIN_LEARNT_CHARS || value.length > MAX_PHRASE_CHARS) return;
    if (phrases.has(lower) || phrases.size >= MAX_DICTIONARY_ENTRIES) return;
    phrases.add(lower);
    textPattern = undefined;
  };

  const emailLocalRuns = (email: string): string => {
    const at = email.lastIndexOf('@');
    return email.slice(0, at).replace(/[\p{L}\p{N}]+/gu, (run) => pseudonymizeRun(run)) + email.slice(at);
  };

  const learnEmail = (email: string): void => {
    for (const run of email.slice(0, email.lastIndexOf('@')).match(/[\p{L}\p{N}]+/gu) ?? []) register(run);
  };

  const hostText = (host: string): string =>
    replaceMatches(host, HOST_PATTERN, (match) => {
      const groups = match.groups ?? {};
      if (groups['uuid'] !== undefined) return noted('Connect instance id or other UUID', 'pseudonymized', pseudonymizeUuid(match[0]));
      if (groups['sfid'] !== undefined) return noted('Salesforce user or org id', 'pseudonymized', pseudonymizeSalesforceId(match[0]));
      return noted('AWS account id', 'masked', maskAccount(match[0]));
    });

  const noted = (field: string, action: RedactionAction, value: string): string => {
    record(field, action);
    return value;
  };

  const compileTextPattern = (): RegExp => {
    if (textPattern !== undefined) return textPattern;
    const byLength = (a: string, b: string): number => b.length - a.length || (a < b ? -1 : 1);
    const entries = [...dictionary].sort(byLength);
    const unbounded = entries.filter((entry) => Array.from(entry).length >= UNBOUNDED_MIN_CHARS && /\p{L}/u.test(entry));
    const bounded = entries.filter((entry) => !unbounded.includes(entry));
    const phraseSources = [...phrases].sort(byLength).map((phrase) => {
      const escaped = phrase.replace(/[\^$\\.*+?()[\]{}|/]/g, '\\$&');
      const long = Array.from(phrase).length >= UNBOUNDED_MIN_CHARS && /\p{L}/u.test(phrase);
      return long ? escaped : `${/^[\p{L}\p{N}]/u.test(phrase) ? NOT_ALNUM_BEFORE : ''}${escaped}${/[\p{L}\p{N}]$/u.test(phrase) ? NOT_ALNUM_AFTER : ''}`;
    });
    const alternatives = [
      ...(phraseSources.length > 0 ? [`(?<phrase>${phraseSources.join('|')})`] : []),
      `(?<url>${URL_SOURCE})`,
      `(?<pair>${SECRET_PAIR_SOURCE}[^\\s&"'<>;,]+)`,
      `(?<uuid>${NOT_ALNUM_BEFORE}${UUID_SOURCE}${NOT_ALNUM_AFTER})`,
      `(?<email>${EMAIL_SOURCE})`,
      `(?<sfid>${SALESFORCE_ID_SOURCE})`,
      `(?<acctd>${ACCOUNT_DASHED_SOURCE})`,
      `(?<acct>${ACCOUNT_SOURCE})`,
    ];
    if (unbounded.length > 0) alternatives.push(`(?<long>${unbounded.join('|')})`);
    if (bounded.length > 0) alternatives.push(`(?<short>${NOT_ALNUM_BEFORE}(?:${bounded.join('|')})${NOT_ALNUM_AFTER})`);
    textPattern = new RegExp(alternatives.join('|'), 'giu');
    return textPattern;
  };

  /** Free text, optionally without looking for URLs (inside a URL's own parts). */
  const scrub = (value: string, withUrls: boolean): string => {
    const pattern = compileTextPattern();
    return replaceMatches(value, pattern, (match, whole) => {
      const groups = match.groups ?? {};
      const found = match[0];
      if (groups['phrase'] !== undefined) return noted('Name or user id in text', 'pseudonymized', person(found));
      if (groups['pair'] !== undefined) {
        const name = found.slice(0, found.indexOf('=') + 1);
        return noted(`Secret in text (${name.slice(0, -1)})`, 'removed', `${name}${REMOVED}`);
      }
      if (groups['url'] !== undefined) {
        if (!withUrls) return found;
        const trailing = /[.,;:!?]+$/.exec(found)?.[0] ?? '';
        return redactUrl(found.slice(0, found.length - trailing.length), 0) + trailing;
      }
      if (groups['uuid'] !== undefined) {
        if (REQUEST_ID_BEFORE.test(whole.slice(Math.max(0, match.index - 24), match.index))) return noted('AWS request id', 'kept', found);
        return noted('Connect instance id or other UUID', 'pseudonymized', pseudonymizeUuid(found));
      }
      if (groups['email'] !== undefined) {
        learnEmail(found);
        return noted('Email address (local part; domain kept)', 'pseudonymized', emailLocalRuns(found));
      }
      if (groups['sfid'] !== undefined) return noted('Salesforce user or org id', 'pseudonymized', pseudonymizeSalesforceId(found));
      if (groups['acctd'] !== undefined || groups['acct'] !== undefined) return noted('AWS account id', 'masked', maskAccount(found));
      return noted('Name or user id in text', 'pseudonymized', pseudonymizeRun(found));
    });
  };

  const person = (value: string): string =>
    replaceMatches(value, PERSON_PATTERN, (match) => {
      const groups = match.groups ?? {};
      const found = match[0];
      if (groups['uuid'] !== undefined) return pseudonymizeUuid(found);
      if (groups['email'] !== undefined) {
        learnEmail(found);
        return emailLocalRuns(found);
      }
      if (groups['sfid'] !== undefined) return pseudonymizeSalesforceId(found);
      if (groups['acctd'] !== undefined || groups['acct'] !== undefined) return maskAccount(found);
      register(found);
      return pseudonymizeRun(found);
    });

  const redactQuery = (query: string, depth: number): string =>
    query
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=');
        if (eq < 0) return pair;
        const rawName = pair.slice(0, eq);
        const rawValue = pair.slice(eq + 1);
        const name = formDecode(rawName);
        const value = formDecode(rawValue);
        let redacted: string;
        if (SAML_VALUE_PARAMETER.test(name)) {
          redacted = redactSamlValue(value, redactor).value;
        } else if (SECRET_PARAMETER.test(name)) {
          record(`URL parameter ${name}`, 'removed');
          return `${rawName}=${REMOVED}`;
        } else if (PERSON_PARAMETER.test(name)) {
          redacted = redactor.person(value, `URL parameter ${name}`);
        } else if (looksLikeUrl(value) && depth < MAX_URL_DEPTH) {
          redacted = redactUrl(value, depth + 1);
        } else {
          redacted = scrub(value, true);
        }
        return redacted === value ? pair : `${rawName}=${encodeURIComponent(redacted)}`;
      })
      .join('&');

  const redactPathSegment = (segment: string): string => {
    const decoded = safeDecode(segment);
    if (decoded === undefined) return scrub(segment, false);
    const redacted = scrub(decoded, false);
    return redacted === decoded ? segment : encodeURIComponent(redacted);
  };

  const redactUrl = (value: string, depth: number): string => {
    const absolute = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/is.exec(value);
    const relative = absolute === null ? /^()()(\/[^?#]*)(\?[^#]*)?(#.*)?$/s.exec(value) : null;
    const parts = absolute ?? relative;
    if (parts === null) return scrub(value, false);
    const [, scheme = '', authority = '', path = '', query, fragment] = parts;
    let host = authority;
    const at = authority.lastIndexOf('@');
    if (at >= 0) {
      record('URL user info', 'removed');
      host = authority.slice(at + 1);
    }
    const redactedPath = path.split('/').map(redactPathSegment).join('/');
    const redactedQuery = query === undefined ? '' : `?${redactQuery(query.slice(1), depth)}`;
    let redactedFragment = '';
    if (fragment !== undefined) {
      const body = fragment.slice(1);
      redactedFragment = `#${body.includes('=') ? redactQuery(body, depth) : redactPathSegment(body)}`;
    }
    return `${scheme}${hostText(host)}${redactedPath}${redactedQuery}${redactedFragment}`;
  };

  const redactor: Redactor = {
    accountIds,
    learn(value) {
      registerPhrase(value);
      for (const match of value.matchAll(PERSON_PATTERN)) {
        const groups = match.groups ?? {};
        if (groups['email'] !== undefined) learnEmail(match[0]);
        else if (groups['run'] !== undefined) register(match[0]);
      }
    },
    learnUrl(value) {
      const query = /\?([^#]*)/.exec(value)?.[1] ?? '';
      for (const pair of query.split('&')) {
        const eq = pair.indexOf('=');
        if (eq < 0) continue;
        const name = formDecode(pair.slice(0, eq));
        const inner = formDecode(pair.slice(eq + 1));
        if (PERSON_PARAMETER.test(name)) redactor.learn(inner);
        else if (looksLikeUrl(inner) && inner !== value) redactor.learnUrl(inner);
      }
    },
    person(value, field) {
      registerPhrase(value);
      const out = person(value);
      if (out !== value) record(field, 'pseudonymized');
      return out;
    },
    text(value) {
      return scrub(value, true);
    },
    url(value) {
      return redactUrl(value, 0);
    },
    note(field, action, count) {
      record(field, action, count);
    },
    receipt() {
      return recorder.entries();
    },
    quiet() {
      const muted = <A extends unknown[], R>(method: (...args: A) => R) => (...args: A): R => {
        silence++;
        try {
          return method(...args);
        } finally {
          silence--;
        }
      };
      return {
        ...redactor,
        learn: muted((value: string) => {
          redactor.learn(value);
        }),
        learnUrl: muted((value: string) => {
          redactor.learnUrl(value);
        }),
        person: muted((value: string, field: string) => redactor.person(value, field)),
        text: muted((value: string) => redactor.text(value)),
        url: muted((value: string) => redactor.url(value)),
        note: () => undefined,
      };
    },
  };
  return redactor;
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** Stand-ins for non-ASCII letters: still non-ASCII (AWS's RoleSessionName pattern refuses them), same case. */
const OTHER_LOWER = 'àáâãäåæçèéêëìíîïñòóôõöøùúûüý';
const OTHER_UPPER = 'ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝ';
const OTHER_LETTER = '一二三四五六七八九十人大小山川田日月火水木金土';
const OTHER_DIGIT = '٠١٢٣٤٥٦٧٨٩';

function mapCharacter(c: string, byte: number): string {
  if (c >= '0' && c <= '9') return String(byte % 10);
  if (c >= 'a' && c <= 'z') return LOWER.charAt(byte % 26);
  if (c >= 'A' && c <= 'Z') return UPPER.charAt(byte % 26);
  if (/\p{Lu}/u.test(c)) return OTHER_UPPER.charAt(byte % OTHER_UPPER.length);
  if (/\p{Ll}/u.test(c)) return OTHER_LOWER.charAt(byte % OTHER_LOWER.length);
  if (/\p{N}/u.test(c)) return OTHER_DIGIT.charAt(byte % OTHER_DIGIT.length);
  if (/\p{L}/u.test(c)) return OTHER_LETTER.charAt(byte % OTHER_LETTER.length);
  return c;
}

/** The alphabets pseudonym characters come from (case folded), to step through in order. */
const FOLDED_ALPHABETS = ['0123456789', LOWER, OTHER_LOWER, OTHER_DIGIT, OTHER_LETTER] as const;

/**
 * Counts up from `start` through every string of its shape (each position within its alphabet,
 * last position fastest) and returns the first `accept` takes; undefined when none (the shape's
 * values are all taken). Bounded by the shape's size and by MAX_TRACKED_RUNS + 1 steps: at most
 * that many values can be taken.
 */
function nextFreeRun(start: readonly string[], accept: (candidate: string) => boolean): readonly string[] | undefined {
  const alphabets = start.map((c) => FOLDED_ALPHABETS.find((alphabet) => alphabet.includes(c)));
  const origin = start.join('');
  const current = [...start];
  for (let step = 0; step <= MAX_TRACKED_RUNS; step++) {
    for (let position = current.length - 1; position >= 0; position--) {
      const alphabet = alphabets[position];
      if (alphabet === undefined) continue;
      const next = (alphabet.indexOf(current[position] ?? '') + 1) % alphabet.length;
      current[position] = alphabet.charAt(next);
      if (next !== 0) break;
    }
    const candidate = current.join('');
    if (candidate === origin) return undefined;
    if (accept(candidate)) return current;
  }
  return undefined;
}

/**
 * Like String.replace with a callback, with the typed match (groups, index) and the whole input.
 * All matches are collected before any callback runs: the callbacks recurse (a URL inside text,
 * text inside a URL) with the same cached RegExp, whose lastIndex they would otherwise reset.
 */
function replaceMatches(text: string, pattern: RegExp, replace: (match: RegExpExecArray, whole: string) => string): string {
  const matches: RegExpExecArray[] = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    if (match[0] === '') pattern.lastIndex++;
    else matches.push(match);
  }
  pattern.lastIndex = 0;
  if (matches.length === 0) return text;
  let out = '';
  let last = 0;
  for (const match of matches) {
    out += text.slice(last, match.index) + replace(match, text);
    last = match.index + match[0].length;
  }
  return out + text.slice(last);
}

function formDecode(text: string): string {
  return safeDecode(text.replace(/\+/g, ' ')) ?? text;
}

function safeDecode(text: string): string | undefined {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function looksLikeUrl(value: string): boolean {
  return /^https?:\/\//i.test(value) || (value.startsWith('/') && !value.startsWith('//') && value.includes('?'));
}

import type englishMessages from '../../../public/_locales/en/messages.json';

/**
 * Every UI string key, derived from the English messages.json at compile time (type-only import:
 * nothing of the JSON reaches the bundle). A key missing from English is a compile error.
 */
export type MessageKey = keyof typeof englishMessages;

/** Chrome's messages.json shape (https://developer.chrome.com/docs/extensions/reference/api/i18n). */
export type LocaleMessages = Readonly<
  Record<string, { readonly message: string; readonly description?: string; readonly placeholders?: Readonly<Record<string, { readonly content: string }>> }>
>;

type MessageLookup = (key: string, substitutions: readonly string[]) => string;

let lookup: MessageLookup | undefined;

/** Replaces the message source: tests, the screenshot harness and Node use locale files directly. */
export function setMessageLookup(next: MessageLookup | undefined): void {
  lookup = next;
}

/** Translates `key`; `$1`…`$9` (or named placeholders pointing at them) take the substitutions. */
export function t(key: MessageKey, substitutions?: string | readonly string[]): string {
  const list = substitutions === undefined ? [] : typeof substitutions === 'string' ? [substitutions] : substitutions;
  const active = lookup ?? browserLookup();
  const text = active === undefined ? '' : active(key, list);
  // An empty answer means the key is unknown to the locale: show the key rather than nothing.
  return text === '' ? key : text;
}

function browserLookup(): MessageLookup | undefined {
  const i18n = typeof chrome === 'undefined' ? undefined : (chrome.i18n as typeof chrome.i18n | undefined);
  if (i18n === undefined) return undefined;
  return (key, list) => i18n.getMessage(key, [...list]);
}

/** A lookup over a parsed messages.json, following Chrome's placeholder and `$n` rules. */
export function lookupFromMessages(messages: LocaleMessages): MessageLookup {
  return (key, list) => {
    const entry = messages[key];
    if (entry === undefined) return '';
    const withPlaceholders = entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name: string) => {
      const placeholder = entry.placeholders?.[name.toLowerCase()];
      return placeholder === undefined ? whole : placeholder.content;
    });
    return withPlaceholders.replace(/\$(\$|[1-9])/g, (_whole, which: string) => (which === '$' ? '$' : (list[Number(which) - 1] ?? '')));
  };
}

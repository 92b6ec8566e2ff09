import danish from '../../../public/_locales/da/messages.json' with { type: 'json' };
import english from '../../../public/_locales/en/messages.json' with { type: 'json' };
import { lookupFromMessages, setMessageLookup, type LocaleMessages } from './t.ts';

/**
 * The locale files themselves, for places without `chrome.i18n`: unit tests in Node and the
 * screenshot harness. Extension pages never import this (it would put every locale in the bundle).
 */
export const LOCALES: Readonly<Record<'en' | 'da', LocaleMessages>> = { en: english, da: danish };

/** Makes `t()` answer from one locale file. */
export function activateLocaleFile(locale: 'en' | 'da'): void {
  setMessageLookup(lookupFromMessages(LOCALES[locale]));
}

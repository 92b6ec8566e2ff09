import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import { problem, type Problem } from '../problem.ts';

export interface XmlParseLimits {
  /** Largest accepted document, in characters. */
  readonly maxChars: number;
  /** Deepest accepted element nesting. Real SAML stays under 20. */
  readonly maxDepth: number;
  /** Most elements accepted in one document. */
  readonly maxElements: number;
}

export const DEFAULT_XML_LIMITS: XmlParseLimits = {
  maxChars: 16 * 1024 * 1024,
  maxDepth: 100,
  maxElements: 500_000,
};

export type XmlParse =
  | { readonly ok: true; readonly document: Document; readonly root: Element; readonly problems: readonly Problem[] }
  | { readonly ok: false; readonly problems: readonly Problem[] };

/**
 * Parses XML text safely with @xmldom/xmldom (the MV3 service worker has no DOMParser).
 *
 * Fails closed: a DOCTYPE or any entity declaration is refused before parsing (XXE and
 * entity-expansion attacks; no SAML message needs one), as are documents over the size, depth or
 * element limits and anything xmldom reports as an error. Problems carry line and column.
 * Never throws.
 */
export function parseXml(text: string, limits: XmlParseLimits = DEFAULT_XML_LIMITS): XmlParse {
  if (text.length > limits.maxChars) {
    return {
      ok: false,
      problems: [problem('xml-too-large', 'error', `The XML is ${String(text.length)} characters; the limit is ${String(limits.maxChars)}.`)],
    };
  }
  const doctype = /<!DOCTYPE/i.exec(text);
  if (doctype) {
    const entity = /<!ENTITY/i.test(text);
    const at = positionOf(text, doctype.index);
    return {
      ok: false,
      problems: [
        problem(
          entity ? 'xml-entity-declaration' : 'xml-doctype',
          'error',
          entity
            ? 'The XML declares a DOCTYPE with entities. This is the shape of an XXE or entity-expansion ("billion laughs") attack; it was refused without being parsed.'
            : 'The XML has a DOCTYPE declaration. SAML forbids it (SAML core §1.3 and bindings §3.5) and it can hide entity attacks; it was refused.',
          at,
        ),
      ],
    };
  }

  // The element and depth caps must bound memory, so they are checked on the text before xmldom
  // builds a DOM (a 4 MB flood of empty elements would otherwise cost about a gigabyte of heap).
  const shapeBeforeParse = prescan(text, limits);
  if (shapeBeforeParse) return { ok: false, problems: [shapeBeforeParse] };

  const problems: Problem[] = [];
  const state = { fatal: false };
  const parser = new DOMParser({
    locator: true,
    onError: (level, message, context) => {
      const locator = (context as { locator?: { lineNumber?: number; columnNumber?: number } } | undefined)?.locator;
      const cleaned = message.replace(/\s*\n?@#\[line:\d+,col:\d+\]\s*$/, '').trim();
      const pos = parsePosition(message) ?? { line: locator?.lineNumber, column: locator?.columnNumber };
      if (level === 'warning') {
        problems.push(problem('xml-warning', 'warning', `XML warning: ${cleaned}`, pos));
        return;
      }
      state.fatal = true;
      problems.push(problem('xml-malformed', 'error', `The XML is not well-formed: ${cleaned}`, pos));
      // Stop at the first error: a half-parsed document must not be inspected as if it were whole.
      throw new Error(cleaned);
    },
  });

  let document: Document | undefined;
  try {
    document = parser.parseFromString(text, 'text/xml');
  } catch (error) {
    if (!state.fatal) {
      const message = error instanceof Error ? error.message : String(error);
      problems.push(problem('xml-malformed', 'error', `The XML is not well-formed: ${message.split('\n')[0] ?? message}`, parsePosition(message)));
    }
    return { ok: false, problems };
  }
  if (state.fatal) return { ok: false, problems };
  const root = document.documentElement;
  if (!root) {
    problems.push(problem('xml-malformed', 'error', 'The XML has no root element.'));
    return { ok: false, problems };
  }
  const shape = measure(root, limits);
  if (shape) {
    problems.push(shape);
    return { ok: false, problems };
  }
  return { ok: true, document, root, problems };
}

/**
 * One linear pass over the markup counting start tags and nesting, skipping comments, CDATA
 * sections, processing instructions and quoted attribute values. It only has to be right for
 * well-formed input: anything else is rejected by the parser afterwards.
 */
function prescan(text: string, limits: XmlParseLimits): Problem | undefined {
  let elements = 0;
  let depth = 0;
  const length = text.length;
  let i = text.indexOf('<');
  while (i >= 0 && i < length) {
    const next = text.charCodeAt(i + 1);
    if (next === 0x21 /* ! */) {
      const end = text.startsWith('<!--', i) ? text.indexOf('-->', i + 4) : text.startsWith('<![CDATA[', i) ? text.indexOf(']]>', i + 9) : text.indexOf('>', i + 2);
      if (end < 0) return undefined;
      i = text.indexOf('<', end + 1);
      continue;
    }
    if (next === 0x3f /* ? */) {
      const end = text.indexOf('?>', i + 2);
      if (end < 0) return undefined;
      i = text.indexOf('<', end + 2);
      continue;
    }
    if (next === 0x2f /* / */) {
      depth--;
      i = text.indexOf('<', i + 2);
      continue;
    }
    // A start tag: find its end outside quoted attribute values.
    let j = i + 1;
    let quote = 0;
    for (; j < length; j++) {
      const c = text.charCodeAt(j);
      if (quote !== 0) {
        if (c === quote) quote = 0;
      } else if (c === 0x22 || c === 0x27) quote = c;
      else if (c === 0x3e /* > */) break;
    }
    if (j >= length) return undefined;
    elements++;
    if (elements > limits.maxElements) {
      return problem('xml-too-many-elements', 'error', `The XML has more than ${String(limits.maxElements)} elements; refused before parsing (an element flood).`);
    }
    if (text.charCodeAt(j - 1) !== 0x2f /* self-closing */) {
      depth++;
      if (depth > limits.maxDepth) {
        return problem('xml-too-deep', 'error', `Elements are nested more than ${String(limits.maxDepth)} deep: no real SAML message is; refused before parsing.`, positionOf(text, i));
      }
    }
    i = text.indexOf('<', j + 1);
  }
  return undefined;
}

/** Walks the tree without recursion (a deep document must not overflow the stack). */
function measure(root: Element, limits: XmlParseLimits): Problem | undefined {
  let elements = 0;
  // Parallel stacks: no object per element on documents with hundreds of thousands of them.
  const stack: Element[] = [root];
  const depths: number[] = [1];
  while (stack.length > 0) {
    const element = stack.pop() as Element; // -- length checked: pop() cannot return undefined here
    const depth = depths.pop() as number; // -- pushed together with every element
    elements++;
    if (depth > limits.maxDepth) {
      return problem('xml-too-deep', 'error', `Elements are nested more than ${String(limits.maxDepth)} deep: no real SAML message is; refused.`, {
        line: element.lineNumber,
        column: element.columnNumber,
      });
    }
    if (elements > limits.maxElements) {
      return problem('xml-too-many-elements', 'error', `The XML has more than ${String(limits.maxElements)} elements; refused.`);
    }
    for (let child = element.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 1) {
        stack.push(child as Element); // -- nodeType 1 is an element
        depths.push(depth + 1);
      }
    }
  }
  return undefined;
}

function parsePosition(message: string): { line: number; column: number } | undefined {
  const match = /@#\[line:(\d+),col:(\d+)\]/.exec(message);
  return match ? { line: Number(match[1]), column: Number(match[2]) } : undefined;
}

function positionOf(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return { line, column: index - before.lastIndexOf('\n') };
}

import type { Attr, Document, Element, Node } from '@xmldom/xmldom';
import { XML_NS } from '../xml/saml-namespaces.ts';
import { isComment, isDocument, isElement, isNamespaceDeclaration, isProcessingInstruction, isText } from './dom-node-guards.ts';

export const C14N_EXCLUSIVE = 'http://www.w3.org/2001/10/xml-exc-c14n#';
export const C14N_EXCLUSIVE_WITH_COMMENTS = 'http://www.w3.org/2001/10/xml-exc-c14n#WithComments';
export const C14N_10 = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
export const C14N_10_WITH_COMMENTS = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments';
export const C14N_11 = 'http://www.w3.org/2006/12/xml-c14n11';
export const C14N_11_WITH_COMMENTS = 'http://www.w3.org/2006/12/xml-c14n11#WithComments';

export type C14nFlavour = 'exclusive' | 'inclusive-1.0' | 'inclusive-1.1';

export interface C14nMethod {
  readonly flavour: C14nFlavour;
  readonly withComments: boolean;
}

const METHODS: ReadonlyMap<string, C14nMethod> = new Map([
  [C14N_EXCLUSIVE, { flavour: 'exclusive', withComments: false }],
  [C14N_EXCLUSIVE_WITH_COMMENTS, { flavour: 'exclusive', withComments: true }],
  [C14N_10, { flavour: 'inclusive-1.0', withComments: false }],
  [C14N_10_WITH_COMMENTS, { flavour: 'inclusive-1.0', withComments: true }],
  [C14N_11, { flavour: 'inclusive-1.1', withComments: false }],
  [C14N_11_WITH_COMMENTS, { flavour: 'inclusive-1.1', withComments: true }],
]);

/** The canonicalization method an algorithm URI names, or undefined for an unknown URI. */
export function c14nMethodFromUri(uri: string): C14nMethod | undefined {
  return METHODS.get(uri);
}

export interface CanonicalizeOptions {
  readonly method: C14nMethod;
  /** A node left out together with its subtree: the enveloped Signature (XMLDSig §6.6.4). */
  readonly exclude?: Node | undefined;
  /** Exclusive C14N only: the InclusiveNamespaces PrefixList (`#default` = the default namespace). */
  readonly inclusivePrefixes?: readonly string[] | undefined;
}

type NamespaceMap = ReadonlyMap<string, string>;

interface Context {
  /** Namespace bindings in scope on the element (prefix '' = default namespace). */
  readonly inScope: NamespaceMap;
  /** Exclusive C14N: the bindings rendered on output ancestors. */
  readonly rendered: NamespaceMap;
}

const EMPTY: NamespaceMap = new Map();

/**
 * Canonicalizes a document subset made of `node` and its descendants, minus `exclude` and its
 * subtree, with W3C Exclusive C14N 1.0, C14N 1.0 or C14N 1.1 (with or without comments).
 *
 * Only the apex of such a subset has ancestors outside it, so the "nearest output ancestor" of any
 * other element is its parent; the apex receives the in-scope namespaces (inclusive flavours) and
 * inherited xml:* attributes (C14N 1.0 §2.4, C14N 1.1 §2.4) of its ancestors. Iterative: nesting
 * depth does not touch the call stack.
 */
export function canonicalize(node: Element | Document, options: CanonicalizeOptions): string {
  const out: string[] = [];
  const { method } = options;
  const renderer = new Renderer(method, options.inclusivePrefixes ?? []);
  if (isDocument(node)) {
    let seenRoot = false;
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child === options.exclude) continue;
      if (isElement(child)) {
        seenRoot = true;
        renderer.subtree(child, options.exclude, out, true);
      } else if (isProcessingInstruction(child) || (isComment(child) && method.withComments)) {
        // C14N 1.0 §2.1: nodes outside the document element are separated from it by a line feed.
        const text = isComment(child) ? renderComment(child.data) : renderProcessingInstruction(child.target, child.data);
        if (text === undefined) continue;
        out.push(seenRoot ? '\n' : '', text, seenRoot ? '' : '\n');
      }
    }
    return out.join('');
  }
  renderer.subtree(node, options.exclude, out, false);
  return out.join('');
}

class Renderer {
  private readonly method: C14nMethod;
  private readonly inclusivePrefixes: readonly string[];

  constructor(method: C14nMethod, inclusivePrefixes: readonly string[]) {
    this.method = method;
    this.inclusivePrefixes = method.flavour === 'exclusive' ? inclusivePrefixes.map((p) => (p === '#default' ? '' : p)) : [];
  }

  subtree(apex: Element, exclude: Node | undefined, out: string[], apexIsRoot: boolean): void {
    // Two parallel stacks (a node or a closing tag, and the context its children inherit) rather
    // than one object per node: a 4 MB assertion has a few hundred thousand nodes.
    const nodes: (Node | string)[] = [apex];
    const contexts: Context[] = [{ inScope: apexIsRoot ? EMPTY : ancestorNamespaces(apex), rendered: EMPTY }];
    while (nodes.length > 0) {
      const node = nodes.pop() as Node | string; // -- length checked: pop() cannot return undefined here
      const context = contexts.pop() as Context; // -- pushed together with every node
      if (typeof node === 'string') {
        out.push(node);
        continue;
      }
      if (isElement(node)) {
        const isApex = node === apex;
        const inner = this.openElement(node, context, isApex && !apexIsRoot, isApex, out);
        nodes.push(`</${node.nodeName}>`);
        contexts.push(context);
        // Children pushed last-first so they are rendered in document order.
        for (let child = node.lastChild; child; child = child.previousSibling) {
          if (child === exclude) continue;
          nodes.push(child);
          contexts.push(inner);
        }
      } else if (isText(node)) {
        out.push(escapeText(node.data));
      } else if (isComment(node)) {
        if (this.method.withComments) out.push(renderComment(node.data));
      } else if (isProcessingInstruction(node)) {
        out.push(renderProcessingInstruction(node.target, node.data) ?? '');
      }
    }
  }

  /** Renders the start tag and returns the context for the element's children. */
  private openElement(element: Element, parent: Context, hasOutsideAncestors: boolean, isApex: boolean, out: string[]): Context {
    const declarations: Attr[] = [];
    const attributes: Attr[] = [];
    const attrs = element.attributes;
    for (let i = 0; i < attrs.length; i++) {
      const attr = attrs.item(i);
      if (!attr) continue;
      if (isNamespaceDeclaration(attr)) declarations.push(attr);
      else attributes.push(attr);
    }

    let inScope = parent.inScope;
    if (declarations.length > 0) {
      const copy = new Map(inScope);
      for (const d of declarations) copy.set(declarationPrefix(d), d.value);
      inScope = copy;
    }

    const namespaces: [prefix: string, uri: string][] = [];
    let rendered = parent.rendered;
    if (this.method.flavour === 'exclusive') {
      // Exc-C14N §3 "visibly utilized" prefixes: the element's, its attributes' (xml excepted),
      // then the InclusiveNamespaces PrefixList ones in scope. Few per element: arrays, not maps.
      const prefixes: string[] = [element.prefix ?? ''];
      const uris: string[] = [element.namespaceURI ?? ''];
      for (const a of attributes) {
        if (!a.prefix || a.prefix === 'xml') continue;
        const at = prefixes.indexOf(a.prefix);
        if (at < 0) {
          prefixes.push(a.prefix);
          uris.push(a.namespaceURI ?? '');
        } else uris[at] = a.namespaceURI ?? '';
      }
      for (const p of this.inclusivePrefixes) {
        const uri = inScope.get(p);
        if (uri !== undefined && !prefixes.includes(p)) {
          prefixes.push(p);
          uris.push(uri);
        }
      }
      let copy: Map<string, string> | undefined;
      for (let i = 0; i < prefixes.length; i++) {
        const prefix = prefixes[i] as string; // -- index within bounds
        const uri = uris[i] as string; // -- same length as prefixes
        if (prefix === 'xml') continue;
        const previous = rendered.get(prefix);
        // Exc-C14N §3: render unless the nearest output ancestor utilizing the prefix already did
        // with the same value; an empty default is rendered only to undo a non-empty one.
        const needed = prefix === '' && uri === '' ? previous !== undefined && previous !== '' : previous !== uri;
        if (!needed) continue;
        namespaces.push([prefix, uri]);
        copy ??= new Map(rendered);
        copy.set(prefix, uri);
      }
      if (copy) rendered = copy;
    } else if (hasOutsideAncestors || isApex) {
      // C14N 1.0 §2.3: the apex has no output ancestor, so every in-scope namespace is rendered,
      // except an empty default namespace (xmlns="") and the xml prefix.
      for (const [prefix, uri] of inScope) {
        if (prefix === 'xml' || (prefix === '' && uri === '')) continue;
        namespaces.push([prefix, uri]);
      }
    } else {
      for (const d of declarations) {
        const prefix = declarationPrefix(d);
        if (prefix === 'xml') continue;
        const previous = parent.inScope.get(prefix);
        const needed = prefix === '' && d.value === '' ? previous !== undefined && previous !== '' : previous !== d.value;
        if (needed) namespaces.push([prefix, d.value]);
      }
    }
    if (namespaces.length > 1) namespaces.sort((a, b) => compareCodePoints(a[0], b[0]));

    const rendering: RenderedAttribute[] = [];
    let inheritedBase: string | undefined;
    if (hasOutsideAncestors && this.method.flavour !== 'exclusive') {
      const inherited = inheritedXmlAttributes(element, this.method.flavour);
      rendering.push(...inherited.add);
      inheritedBase = inherited.base;
    }
    for (const a of attributes) {
      const uri = a.namespaceURI ?? '';
      const local = a.localName ?? a.name;
      const value = inheritedBase !== undefined && uri === XML_NS && local === 'base' ? inheritedBase : a.value;
      rendering.push({ name: a.name, uri, local, value });
    }
    if (rendering.length > 1) rendering.sort((a, b) => compareCodePoints(a.uri, b.uri) || compareCodePoints(a.local, b.local));

    let tag = `<${element.nodeName}`;
    for (const [prefix, uri] of namespaces) tag += `${prefix === '' ? ' xmlns="' : ` xmlns:${prefix}="`}${escapeAttribute(uri)}"`;
    for (const a of rendering) tag += ` ${a.name}="${escapeAttribute(a.value)}"`;
    out.push(`${tag}>`);
    return { inScope, rendered };
  }
}

function declarationPrefix(attr: Attr): string {
  return attr.name === 'xmlns' ? '' : attr.name.slice('xmlns:'.length);
}

/** Namespace bindings declared on the ancestors of `element` (nearest declaration wins). */
function ancestorNamespaces(element: Element): NamespaceMap {
  const map = new Map<string, string>();
  for (let node = element.parentNode; isElement(node); node = node.parentNode) {
    const attrs = node.attributes;
    for (let i = 0; i < attrs.length; i++) {
      const attr = attrs.item(i);
      if (!attr || !isNamespaceDeclaration(attr)) continue;
      const prefix = declarationPrefix(attr);
      if (!map.has(prefix)) map.set(prefix, attr.value);
    }
  }
  return map;
}

interface RenderedAttribute {
  readonly name: string;
  readonly uri: string;
  readonly local: string;
  readonly value: string;
}

/**
 * xml:* attributes the apex inherits from its ancestors. C14N 1.0 §2.4 inherits all of them; C14N
 * 1.1 §2.4 inherits xml:lang and xml:space, not xml:id, and joins xml:base values ("fixup"), which
 * may replace the apex's own xml:base.
 */
function inheritedXmlAttributes(element: Element, flavour: C14nFlavour): { add: RenderedAttribute[]; base?: string } {
  const own = new Set<string>();
  let ownBase: string | undefined;
  const attrs = element.attributes;
  for (let i = 0; i < attrs.length; i++) {
    const a = attrs.item(i);
    if (a?.namespaceURI === XML_NS) {
      own.add(a.localName ?? '');
      if (a.localName === 'base') ownBase = a.value;
    }
  }
  const found = new Map<string, string>();
  const bases: string[] = [];
  for (let node = element.parentNode; isElement(node); node = node.parentNode) {
    const list = node.attributes;
    for (let i = 0; i < list.length; i++) {
      const a = list.item(i);
      if (a?.namespaceURI !== XML_NS) continue;
      const local = a.localName ?? '';
      if (local === 'base') bases.push(a.value);
      if (!found.has(local)) found.set(local, a.value);
    }
  }
  const add: RenderedAttribute[] = [];
  for (const [local, value] of found) {
    if (own.has(local)) continue;
    if (flavour === 'inclusive-1.1' && local !== 'lang' && local !== 'space') continue;
    add.push({ name: `xml:${local}`, uri: XML_NS, local, value });
  }
  if (flavour !== 'inclusive-1.1' || bases.length === 0) return { add };
  let base = '';
  for (let i = bases.length - 1; i >= 0; i--) base = joinUriReferences(base, bases[i] ?? '');
  if (ownBase !== undefined) return { add, base: joinUriReferences(base, ownBase) };
  if (base !== '') add.push({ name: 'xml:base', uri: XML_NS, local: 'base', value: base });
  return { add };
}

/**
 * RFC 3986 §5.2 reference resolution as C14N 1.1 §2.4 uses it for xml:base fixup: a relative base
 * is allowed, and leading ".." segments of a relative result are kept.
 */
export function joinUriReferences(base: string, reference: string): string {
  if (base === '') return reference;
  const r = splitUri(reference);
  const b = splitUri(base);
  let scheme: string | undefined;
  let authority: string | undefined;
  let path: string;
  let query: string | undefined;
  if (r.scheme !== undefined) {
    scheme = r.scheme;
    authority = r.authority;
    path = removeDotSegments(r.path);
    query = r.query;
  } else {
    if (r.authority !== undefined) {
      authority = r.authority;
      path = removeDotSegments(r.path);
      query = r.query;
    } else {
      if (r.path === '') {
        path = b.path;
        query = r.query ?? b.query;
      } else {
        if (r.path.startsWith('/')) path = removeDotSegments(r.path);
        else {
          const merged =
            b.authority !== undefined && b.path === '' ? `/${r.path}` : b.path.slice(0, b.path.lastIndexOf('/') + 1) + r.path;
          path = removeDotSegments(merged);
        }
        query = r.query;
      }
      authority = b.authority;
    }
    scheme = b.scheme;
  }
  let result = '';
  if (scheme !== undefined) result += `${scheme}:`;
  if (authority !== undefined) result += `//${authority}`;
  result += path;
  if (query !== undefined) result += `?${query}`;
  if (r.fragment !== undefined) result += `#${r.fragment}`;
  return result;
}

function splitUri(uri: string): { scheme?: string; authority?: string; path: string; query?: string; fragment?: string } {
  const m = /^(?:([^:/?#]+):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/.exec(uri);
  const parts: { scheme?: string; authority?: string; path: string; query?: string; fragment?: string } = { path: m?.[3] ?? uri };
  if (m?.[1] !== undefined) parts.scheme = m[1];
  if (m?.[2] !== undefined) parts.authority = m[2];
  if (m?.[4] !== undefined) parts.query = m[4];
  if (m?.[5] !== undefined) parts.fragment = m[5];
  return parts;
}

function removeDotSegments(path: string): string {
  const absolute = path.startsWith('/');
  const segments = path.split('/');
  const output: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] ?? '';
    const last = i === segments.length - 1;
    if (segment === '.') {
      if (last) output.push('');
    } else if (segment === '..') {
      const top = output[output.length - 1];
      if (top !== undefined && top !== '..' && !(absolute && output.length === 1 && top === '')) output.pop();
      else if (!absolute) output.push('..');
      if (last) output.push('');
    } else {
      output.push(segment);
    }
  }
  return output.join('/');
}

function renderComment(data: string): string {
  return `<!--${data}-->`;
}

function renderProcessingInstruction(target: string, data: string): string | undefined {
  // xmldom reports the XML declaration as a processing instruction; C14N never outputs it.
  if (target.toLowerCase() === 'xml') return undefined;
  return data === '' ? `<?${target}?>` : `<?${target} ${data}?>`;
}

const TEXT_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#xD;' };
const ATTRIBUTE_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '"': '&quot;',
  '\t': '&#x9;',
  '\n': '&#xA;',
  '\r': '&#xD;',
};

/** C14N 1.0 §2.3 text nodes: &amp; &lt; &gt; and &#xD;. */
export function escapeText(text: string): string {
  return /[&<>\r]/.test(text) ? text.replace(/[&<>\r]/g, (c) => TEXT_ESCAPES[c] ?? c) : text;
}

/** C14N 1.0 §2.3 attribute values: &amp; &lt; &quot; &#x9; &#xA; &#xD;. */
export function escapeAttribute(value: string): string {
  return /[&<"\t\n\r]/.test(value) ? value.replace(/[&<"\t\n\r]/g, (c) => ATTRIBUTE_ESCAPES[c] ?? c) : value;
}

/** Orders strings by Unicode code point, as C14N requires (UTF-16 order differs above U+FFFF). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xSurrogate = x >= 0xd800 && x <= 0xdfff;
    const ySurrogate = y >= 0xd800 && y <= 0xdfff;
    if (xSurrogate !== ySurrogate) return xSurrogate ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

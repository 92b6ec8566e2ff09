import type { Element } from '@xmldom/xmldom';

const ELEMENT_NODE = 1;

/**
 * How element names are matched. Always by namespace URI + local name, never by prefix: the same
 * message may use `saml:`, `saml2:`, a default namespace or any other prefix.
 * `alsoNoNamespace` additionally accepts elements in no namespace at all (the PingFederate sample
 * in saml2aws, which AWS would reject: the caller flags it).
 */
export interface ElementMatching {
  readonly alsoNoNamespace: boolean;
}

export const STRICT_MATCHING: ElementMatching = { alsoNoNamespace: false };

export function isElementNamed(element: Element, namespace: string, localName: string, matching: ElementMatching = STRICT_MATCHING): boolean {
  if (element.localName !== localName) return false;
  const actual = element.namespaceURI ?? '';
  return actual === namespace || (matching.alsoNoNamespace && actual === '');
}

/** Direct element children named `{namespace}localName`, in document order. */
export function childElements(parent: Element, namespace: string, localName: string, matching: ElementMatching = STRICT_MATCHING): Element[] {
  const found: Element[] = [];
  for (let child = parent.firstChild; child; child = child.nextSibling) {
    if (child.nodeType !== ELEMENT_NODE) continue;
    const element = child as Element; // -- reason: nodeType is ELEMENT_NODE
    if (isElementNamed(element, namespace, localName, matching)) found.push(element);
  }
  return found;
}

/** The first direct element child named `{namespace}localName`, if any. */
export function firstChildElement(parent: Element, namespace: string, localName: string, matching: ElementMatching = STRICT_MATCHING): Element | undefined {
  for (let child = parent.firstChild; child; child = child.nextSibling) {
    if (child.nodeType !== ELEMENT_NODE) continue;
    const element = child as Element; // -- reason: nodeType is ELEMENT_NODE
    if (isElementNamed(element, namespace, localName, matching)) return element;
  }
  return undefined;
}

/** Every direct element child, whatever its name. */
export function elementChildren(parent: Element): Element[] {
  const found: Element[] = [];
  for (let child = parent.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === ELEMENT_NODE) found.push(child as Element); // -- reason: nodeType is ELEMENT_NODE
  }
  return found;
}

/** An unqualified attribute's value exactly as written, or undefined when absent. */
export function attributeOf(element: Element, name: string): string | undefined {
  return element.getAttributeNS(null, name) ?? undefined;
}

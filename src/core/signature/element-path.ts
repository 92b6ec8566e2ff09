import type { Element, Node } from '@xmldom/xmldom';
import { isElement } from './dom-node-guards.ts';

/**
 * A readable, serialisable location of an element: `/samlp:Response/saml:Assertion[1]`. The root
 * step has no index; every other step counts same-named siblings from 1, as XPath does.
 */
export function elementPath(element: Element): string {
  const steps: string[] = [];
  let current: Element = element;
  for (;;) {
    const parent: Node | null = current.parentNode;
    if (!isElement(parent)) {
      steps.push(current.nodeName);
      break;
    }
    let index = 1;
    for (let sibling = current.previousSibling; sibling; sibling = sibling.previousSibling) {
      if (isElement(sibling) && sibling.nodeName === current.nodeName) index++;
    }
    steps.push(`${current.nodeName}[${String(index)}]`);
    current = parent;
  }
  return `/${steps.reverse().join('/')}`;
}

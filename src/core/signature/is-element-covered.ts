import type { Element, Node } from '@xmldom/xmldom';
import type { SignatureReport } from './signature-check.ts';

export interface CoverageOptions {
  /** Count only signatures verified by a trusted certificate (`valid`), not `valid-keyinfo-only`. */
  readonly requireTrusted?: boolean;
}

/**
 * True when a valid signature covers `element`: one of its References resolved to the element
 * itself or to an ancestor of it. Identity read from an element no valid signature covers is what
 * a signature-wrapping attack feeds an application (the signed copy sits elsewhere).
 */
export function isElementCovered(report: SignatureReport, element: Element, options: CoverageOptions = {}): boolean {
  for (const check of report.signatures) {
    const accepted = check.outcome === 'valid' || (!options.requireTrusted && check.outcome === 'valid-keyinfo-only');
    if (!accepted) continue;
    const signed = check.signedElements ?? (check.signedElement ? [check.signedElement] : []);
    for (const root of signed) {
      for (let node: Node | null = element; node; node = node.parentNode) {
        if (node === root) return true;
      }
    }
  }
  return false;
}

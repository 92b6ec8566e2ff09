import type { SamlAnalysis } from '../analysis/saml-analysis.ts';
import type { Flow, Hop } from '../flow/flow.ts';

/** A flow plus the analysis of every SAML value its hops carried. */
export interface AnalyzedFlow {
  readonly flow: Flow;
  readonly hops: readonly AnalyzedHop[];
}

export interface AnalyzedHop {
  readonly hop: Hop;
  /** Analysis of the hop's SAMLResponse (or SAMLRequest) value, when it carried one. */
  readonly saml: SamlAnalysis | undefined;
}

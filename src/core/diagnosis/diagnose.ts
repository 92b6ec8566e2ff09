import { summarizeSamlAnalysis } from '../analysis/summarize-saml-analysis.ts';
import type { Flow } from '../flow/flow.ts';
import { analyzeFlow } from './analyze-flow.ts';
import type { AnalyzedFlow } from './analyzed-flow.ts';
import type { Diagnosis, MessageSummary } from './diagnosis.ts';
import type { DiagnosisContext } from './diagnosis-context.ts';
import { forgetPerDiagnosisMemos } from './per-diagnosis-memo.ts';
import type { Evidence, Finding, FindingSeverity, ScenarioId } from './finding.ts';
import { readFlowFacts } from './read-flow-facts.ts';
import type { Scenario } from './scenario.ts';
import { describeStoppedFlow } from './scenarios/flow-timed-out.ts';
import { SCENARIOS } from './scenarios/index.ts';

/**
 * Pages that only say "something was wrong". When one of them is what the service showed, a
 * prediction of lower rank about the same hop names the actual cause and becomes the verdict.
 */
const GENERIC_PAGE_FINDINGS: ReadonlySet<ScenarioId> = new Set(['aws-invalid-saml-response']);

/**
 * Pages that are right but say less than a prediction can: "Response signature invalid" for a
 * response that carries no signature at all, or whose signature covers another element, is
 * explained by that prediction, and its fix (sign the response) differs from the page's usual one
 * (replace the certificate in IAM).
 */
const PAGE_REFINEMENTS: ReadonlyMap<ScenarioId, ReadonlySet<ScenarioId>> = new Map([
  ['aws-signature-invalid', new Set<ScenarioId>(['saml-unsigned-response', 'saml-signature-wrapping'])],
]);

/** Findings that name an attack shape; never demoted because the sign-in went through. */
const SECURITY_FINDINGS: ReadonlySet<string> = new Set(['saml-signature-wrapping']);

const SEVERITY_ORDER: Readonly<Record<FindingSeverity, number>> = { error: 0, warning: 1, info: 2 };

/** Analyses the flow's SAML values, then diagnoses it: what the extension and the CLI call. */
export async function diagnoseFlow(flow: Flow, context: DiagnosisContext): Promise<Diagnosis> {
  return diagnose(await analyzeFlow(flow, context), context);
}

/**
 * Runs every registered scenario over the analysed flow and ranks what they found.
 *
 * 1. Findings with the same id are merged (most certain one kept, evidence combined).
 * 2. A flow that reached Amazon Connect proves AWS accepted the assertion: predicted errors are
 *    shown as warnings.
 * 3. `sso-healthy` is kept only when no error or warning remains.
 * 4. When nothing at all was found, the flow still gets a verdict: `flow-timed-out`'s description
 *    of where it stopped.
 * 5. The primary finding is chosen by `rankFindings` (see there); `message` summarises the SAML
 *    response the flow carried (the last one, if several).
 */
export function diagnose(analyzed: AnalyzedFlow, context: DiagnosisContext, scenarios: readonly Scenario[] = SCENARIOS): Diagnosis {
  try {
    return diagnoseOnce(analyzed, context, scenarios);
  } finally {
    // The facts scenarios shared are dropped: a finished diagnosis leaves nothing reachable.
    forgetPerDiagnosisMemos();
  }
}

function diagnoseOnce(analyzed: AnalyzedFlow, context: DiagnosisContext, scenarios: readonly Scenario[]): Diagnosis {
  const facts = readFlowFacts(analyzed, context);
  let findings = mergeById(scenarios.flatMap((scenario) => scenario.detect(analyzed, context)));
  if (facts.reachedConnect) {
    // Except security findings: a wrapped or injected assertion that AWS accepted is worse, not better.
    findings = findings.map((finding) =>
      finding.basis === 'predicted' && finding.severity === 'error' && !SECURITY_FINDINGS.has(finding.id) ? { ...finding, severity: 'warning' } : finding,
    );
  }
  if (findings.some((finding) => finding.id !== 'sso-healthy' && finding.severity !== 'info')) {
    findings = findings.filter((finding) => finding.id !== 'sso-healthy');
  }
  if (findings.length === 0) findings = [describeStoppedFlow(analyzed, context)];

  const ranked = rankFindings(findings, scenarios);
  const primary = ranked[0] ?? describeStoppedFlow(analyzed, context);
  const message = summarizeMessage(analyzed);
  return {
    flowId: analyzed.flow.id,
    evaluatedAt: context.now,
    primary,
    findings: ranked,
    ...(message === undefined ? {} : { message }),
  };
}

/**
 * Orders findings, most likely root cause first. The rule:
 *
 * - Errors before warnings before info.
 * - Among errors, what a service showed (basis `observed`, an error page) beats what is
 *   predicted from the assertion, lower rank first. Exception: a generic page
 *   (`aws-invalid-saml-response`) yields to a predicted error of lower rank about the same hop,
 *   because that prediction names the cause the page does not; likewise "Response signature
 *   invalid" yields to an unsigned or wrapped response on the same hop (PAGE_REFINEMENTS).
 * - Otherwise the lower scenario `rank` (the more fundamental cause) wins; ties keep registry order.
 *
 * The rest follow by severity, then observed before predicted, then rank.
 */
export function rankFindings(findings: readonly Finding[], scenarios: readonly Scenario[] = SCENARIOS): Finding[] {
  const rankOf = new Map(scenarios.map((scenario, index) => [scenario.id, { rank: scenario.rank, index }]));
  const key = (finding: Finding): [number, number, number, number] => {
    const entry = rankOf.get(finding.id);
    return [SEVERITY_ORDER[finding.severity], finding.basis === 'observed' ? 0 : 1, entry?.rank ?? Number.MAX_SAFE_INTEGER, entry?.index ?? Number.MAX_SAFE_INTEGER];
  };
  const sorted = [...findings].sort((a, b) => compareKeys(key(a), key(b)));
  const first = sorted[0];
  if (first === undefined || first.severity !== 'error' || first.basis !== 'observed') return sorted;
  const generic = GENERIC_PAGE_FINDINGS.has(first.id);
  const explainers = PAGE_REFINEMENTS.get(first.id);
  if (!generic && explainers === undefined) return sorted;

  const firstRank = key(first)[2];
  const pageHops = hopsOf(first);
  const refinement = sorted.find(
    (finding) =>
      finding.severity === 'error' &&
      finding.basis === 'predicted' &&
      (generic ? key(finding)[2] < firstRank : explainers?.has(finding.id) === true) &&
      [...hopsOf(finding)].some((hop) => pageHops.has(hop)),
  );
  if (refinement === undefined) return sorted;
  return [refinement, ...sorted.filter((finding) => finding !== refinement)];
}

/** One finding per id: the most certain (observed, then most severe) with every distinct piece of evidence. */
function mergeById(findings: readonly Finding[]): Finding[] {
  const groups = new Map<ScenarioId, { best: Finding; all: Finding[] }>();
  for (const finding of findings) {
    const group = groups.get(finding.id);
    if (group === undefined) {
      groups.set(finding.id, { best: finding, all: [finding] });
      continue;
    }
    group.all.push(finding);
    if (moreCertain(finding, group.best)) group.best = finding;
  }
  return [...groups.values()].map(({ best, all }) => {
    if (all.length === 1) return best;
    const seen = new Set<string>();
    const evidence: Evidence[] = [];
    for (const item of [best, ...all.filter((finding) => finding !== best)].flatMap((finding) => finding.evidence)) {
      const id = JSON.stringify(item);
      if (seen.has(id)) continue;
      seen.add(id);
      evidence.push(item);
    }
    return { ...best, evidence };
  });
}

function moreCertain(a: Finding, b: Finding): boolean {
  if (a.basis !== b.basis) return a.basis === 'observed';
  return SEVERITY_ORDER[a.severity] < SEVERITY_ORDER[b.severity];
}

function hopsOf(finding: Finding): Set<string> {
  return new Set(finding.evidence.flatMap((item) => (item.hopId === undefined ? [] : [item.hopId])));
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let index = 0; index < a.length; index++) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** The last hop whose value is a SAML Response, else the last hop that carried any SAML value. */
function summarizeMessage(analyzed: AnalyzedFlow): MessageSummary | undefined {
  const carrying = analyzed.hops.filter((entry) => entry.saml !== undefined);
  const chosen = carrying.filter((entry) => entry.saml?.message?.kind === 'Response').at(-1) ?? carrying.at(-1);
  if (chosen?.saml === undefined) return undefined;
  return summarizeSamlAnalysis(chosen.saml, chosen.hop.id);
}

import type { Evidence, Finding, FindingSeverity, RemediationStep, ScenarioId, SourceRef } from './finding.ts';

/** Evidence as scenarios write it: optional parts may be undefined and are dropped. */
export interface EvidenceInit {
  readonly label: string;
  readonly observed?: string | undefined;
  readonly expected?: string | undefined;
  readonly hopId?: string | undefined;
  readonly field?: string | undefined;
}

/** A remediation step as scenarios write it: optional parts may be undefined and are dropped. */
export interface RemediationInit {
  readonly actor: RemediationStep['actor'];
  readonly text: string;
  readonly consolePath?: string | undefined;
  readonly command?: string | undefined;
}

export interface FindingInit {
  /** Defaults to `error`. */
  readonly severity?: FindingSeverity;
  readonly basis: Finding['basis'];
  readonly title: string;
  readonly summary: string;
  readonly cause: string;
  /** Undefined entries are skipped, so evidence that only sometimes exists can be written inline. */
  readonly evidence: readonly (EvidenceInit | undefined)[];
  readonly remediation: readonly (RemediationInit | undefined)[];
  readonly sources: readonly SourceRef[];
}

/**
 * Builds a Finding from a scenario's description, dropping undefined optional values (the Finding
 * is stored and exported as JSON, and `exactOptionalPropertyTypes` forbids explicit undefined).
 */
export function createFinding(id: ScenarioId, init: FindingInit): Finding {
  return {
    id,
    severity: init.severity ?? 'error',
    title: init.title,
    summary: init.summary,
    evidence: init.evidence.flatMap((item) => (item === undefined ? [] : [cleanEvidence(item)])),
    cause: init.cause,
    remediation: init.remediation.flatMap((item) => (item === undefined ? [] : [cleanStep(item)])),
    sources: init.sources,
    basis: init.basis,
  };
}

function cleanEvidence(item: EvidenceInit): Evidence {
  return {
    label: item.label,
    ...(item.observed === undefined ? {} : { observed: item.observed }),
    ...(item.expected === undefined ? {} : { expected: item.expected }),
    ...(item.hopId === undefined ? {} : { hopId: item.hopId }),
    ...(item.field === undefined ? {} : { field: item.field }),
  };
}

function cleanStep(item: RemediationInit): RemediationStep {
  return {
    actor: item.actor,
    text: item.text,
    ...(item.consolePath === undefined ? {} : { consolePath: item.consolePath }),
    ...(item.command === undefined ? {} : { command: item.command }),
  };
}

/**
 * What a redaction did, field by field: every export carries this list so that whoever reads the
 * report knows what was taken out, what was replaced by a consistent pseudonym, what was masked
 * and which structure was deliberately kept.
 */
export type RedactionAction = 'removed' | 'pseudonymized' | 'masked' | 'kept';

export interface RedactionReceiptEntry {
  /** A readable, stable name for the kind of data, e.g. `NameID`, `Cookie header`, `AWS account id`. */
  readonly field: string;
  readonly action: RedactionAction;
  /** How many values the action was applied to. */
  readonly count: number;
}

export type RedactionReceipt = readonly RedactionReceiptEntry[];

/** Collects receipt entries, merging repeats of the same field and action (first-seen order). */
export interface ReceiptRecorder {
  note(field: string, action: RedactionAction, count?: number): void;
  entries(): RedactionReceiptEntry[];
}

export function createReceiptRecorder(): ReceiptRecorder {
  const counts = new Map<string, { field: string; action: RedactionAction; count: number }>();
  return {
    note(field, action, count = 1) {
      if (count <= 0) return;
      const key = `${action}\u0000${field}`;
      const entry = counts.get(key);
      if (entry === undefined) counts.set(key, { field, action, count });
      else entry.count += count;
    },
    entries() {
      const order: Readonly<Record<RedactionAction, number>> = { removed: 0, pseudonymized: 1, masked: 2, kept: 3 };
      return [...counts.values()].map((entry) => ({ ...entry })).sort((a, b) => order[a.action] - order[b.action]);
    },
  };
}

/**
 * A problem found while decoding, parsing or checking input. Decoders, the XML parser and the
 * signature verifier return these instead of throwing: bad input is data, not an exception.
 *
 * `code` is stable (tests, CLI JSON and the report key on it); `message` is for people and carries
 * the precise reason (offending character, line and column, sizes).
 */
export interface Problem {
  readonly code: string;
  readonly severity: ProblemSeverity;
  readonly message: string;
  /** 1-based position in the decoded XML text, when the problem has one. */
  readonly line?: number;
  readonly column?: number;
}

export type ProblemSeverity = 'error' | 'warning' | 'info';

export function problem(
  code: string,
  severity: ProblemSeverity,
  message: string,
  position?: { line?: number | undefined; column?: number | undefined },
): Problem {
  const result: { -readonly [K in keyof Problem]: Problem[K] } = { code, severity, message };
  if (position?.line !== undefined) result.line = position.line;
  if (position?.column !== undefined) result.column = position.column;
  return result;
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

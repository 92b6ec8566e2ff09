import { ATTESTED_OUTCOME_NOTE, type SignatureSummary } from '../diagnosis/diagnosis.ts';

/** `valid`, or `valid (attested by the exporting extension, not re-verified)` for an attested outcome. */
export function describeSignatureOutcome(signature: Pick<SignatureSummary, 'outcome' | 'basis'>): string {
  return signature.basis === 'attested' ? `${signature.outcome} (${ATTESTED_OUTCOME_NOTE})` : signature.outcome;
}

/** JSON outputs: an attested signature also carries the sentence, for readers who do not know `basis`. */
export function noteAttestedSignatures(signatures: readonly SignatureSummary[]): readonly (SignatureSummary & { readonly basisNote?: string })[] {
  return signatures.map((signature) => (signature.basis === 'attested' ? { ...signature, basisNote: ATTESTED_OUTCOME_NOTE } : signature));
}

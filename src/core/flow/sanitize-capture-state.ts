import { EMPTY_CAPTURE_STATE, type CaptureState, type CapturedFlow } from './apply-capture-event.ts';

export interface SanitizedCaptureState {
  readonly state: CaptureState;
  /** How many stored entries were unreadable and dropped (0 when the store was sound). */
  readonly discarded: number;
}

/**
 * Reads whatever `storage.session` holds as the capture state, keeping only entries of the right
 * shape. Stored data can be damaged (an older version's layout, a half-written value, another
 * extension page writing the key): a bad entry is dropped so that it cannot break every later
 * capture, diagnosis or popup render. Never throws.
 */
export function sanitizeCaptureState(value: unknown): SanitizedCaptureState {
  if (!isRecord(value) || !Array.isArray(value['flows'])) {
    return { state: EMPTY_CAPTURE_STATE, discarded: value === undefined ? 0 : 1 };
  }
  const flows: CapturedFlow[] = [];
  let discarded = 0;
  for (const entry of value['flows'] as unknown[]) {
    if (isCapturedFlow(entry)) flows.push(entry);
    else discarded++;
  }
  return { state: discarded === 0 ? (value as unknown as CaptureState) : { flows }, discarded }; // -- reason: every entry was checked by isCapturedFlow
}

function isCapturedFlow(value: unknown): value is CapturedFlow {
  if (!isRecord(value) || typeof value['frameId'] !== 'number' || typeof value['lastActivityAt'] !== 'number') return false;
  // A size that is no size would blind the byte cap (older entries have none: measured on their next change).
  const bytes = value['storedBytes'];
  if (bytes !== undefined && !(typeof bytes === 'number' && bytes >= 0)) return false;
  if (!Array.isArray(value['requestIds']) || !value['requestIds'].every((id) => typeof id === 'string')) return false;
  const flow = value['flow'];
  if (!isRecord(flow) || typeof flow['id'] !== 'string' || typeof flow['startedAt'] !== 'string') return false;
  if (flow['state'] !== 'running' && flow['state'] !== 'ended') return false;
  if (!Array.isArray(flow['hops'])) return false;
  const hopsOk = (flow['hops'] as unknown[]).every(
    (hop) => isRecord(hop) && typeof hop['id'] === 'string' && typeof hop['url'] === 'string' && typeof hop['kind'] === 'string' && typeof hop['method'] === 'string',
  );
  if (!hopsOk) return false;
  return isOptionalDiagnosis(value['diagnosis']) && isOptionalDiagnosis(value['preliminaryDiagnosis']);
}

function isOptionalDiagnosis(diagnosis: unknown): boolean {
  return diagnosis === undefined || (isRecord(diagnosis) && isRecord(diagnosis['primary']) && Array.isArray(diagnosis['findings']));
}


function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

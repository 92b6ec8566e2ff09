import type { DiagnosisContext } from '../core/diagnosis/diagnosis-context.ts';
import type { MergedSettings } from '../core/settings/merge-settings.ts';
import { buildDiagnosisContext } from './build-diagnosis-context.ts';
import { readSettingsForDiagnosis } from './read-effective-settings.ts';

/** The effective settings and the diagnosis context built from them (its `now` is set per diagnosis). */
export interface DiagnosisBase {
  readonly settings: MergedSettings;
  readonly context: DiagnosisContext;
}

/**
 * Settings and the parsed AWS metadata, kept between diagnoses of a live worker: a diagnosis of a
 * SAML POST should not wait for three storage areas and an XML parse. This is a cache, not state:
 * storage stays the truth, `forgetDiagnosisBase` drops it when the user's settings or policy change
 * (main.ts) and a freshly started worker simply builds it again on first use.
 */
let cached: Promise<DiagnosisBase> | undefined;

/**
 * The base for the next diagnosis. Policy is waited for at most `POLICY_WAIT_MS` (read-effective-settings.ts): a policy read
 * that hangs must not stop diagnosis. Past that the diagnosis uses local settings alone; that base
 * is not kept (the next diagnosis asks for policy again), and once policy answers the cache is
 * built from it.
 */
export function readDiagnosisBase(): Promise<DiagnosisBase> {
  if (cached !== undefined) return cached;
  const building = buildBase();
  const base = building.then((built) => built.base);
  cached = base;
  building.then(
    ({ policyPending }) => {
      if (policyPending === undefined) return;
      console.warn('SSO Doctor: no answer from policy yet; diagnosing with local settings');
      if (cached === base) cached = undefined;
      policyPending.then(refreshWhenPolicyArrives, () => undefined);
    },
    // A failed read is not kept: the next diagnosis tries again.
    () => {
      if (cached === base) cached = undefined;
    },
  );
  return base;
}

export function forgetDiagnosisBase(): void {
  cached = undefined;
}

function refreshWhenPolicyArrives(): void {
  if (cached !== undefined) return;
  readDiagnosisBase().catch((error: unknown) => {
    console.error('SSO Doctor: reading the settings failed', error);
  });
}

async function buildBase(): Promise<{ readonly base: DiagnosisBase; readonly policyPending: Promise<unknown> | undefined }> {
  const { settings, policyPending } = await readSettingsForDiagnosis();
  return { base: { settings, context: await buildDiagnosisContext(settings.values, '') }, policyPending };
}

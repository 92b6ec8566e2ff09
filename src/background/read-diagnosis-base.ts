import type { DiagnosisContext } from '../core/diagnosis/diagnosis-context.ts';
import type { MergedSettings } from '../core/settings/merge-settings.ts';
import { buildDiagnosisContext } from './build-diagnosis-context.ts';
import { readEffectiveSettings } from './read-effective-settings.ts';

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

export function readDiagnosisBase(): Promise<DiagnosisBase> {
  if (cached !== undefined) return cached;
  const building = buildBase();
  cached = building;
  // A failed read is not kept: the next diagnosis tries again.
  building.catch(() => {
    if (cached === building) cached = undefined;
  });
  return building;
}

export function forgetDiagnosisBase(): void {
  cached = undefined;
}

async function buildBase(): Promise<DiagnosisBase> {
  const settings = await readEffectiveSettings();
  return { settings, context: await buildDiagnosisContext(settings.values, '') };
}

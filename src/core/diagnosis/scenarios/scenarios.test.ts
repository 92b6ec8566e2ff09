import { describe, expect, it } from 'vitest';
import { listRepoFiles, readDesignDocument, readRepoText, tableIds } from '../../../testing/repo-files.ts';
import { SCENARIO_IDS } from '../finding.ts';
import type { Scenario } from '../scenario.ts';
import { SCENARIOS } from './index.ts';

const FOLDER = 'src/core/diagnosis/scenarios';
const files = listRepoFiles(FOLDER);
const scenarioFiles = files.filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts') && name !== 'index.ts');
/** Ours, not in DESIGN.md's catalog. */
const NOT_IN_DESIGN = new Set(['flow-timed-out']);

function isScenario(value: unknown): value is Scenario {
  return typeof value === 'object' && value !== null && 'id' in value && 'rank' in value && 'detect' in value;
}

describe('the scenario registry', () => {
  it.each(scenarioFiles)('registers %s under the id equal to its file name, with a colocated test', async (file) => {
    const id = file.replace(/\.ts$/, '');
    const module = (await import(`./${file}`)) as Record<string, unknown>;
    const exported = Object.values(module).filter(isScenario);
    expect(exported.map((scenario) => scenario.id)).toEqual([id]);
    expect(SCENARIOS).toContain(exported[0]);
    expect(files).toContain(`${id}.test.ts`);
  });

  it('has exactly one scenario for every catalog id and nothing else', () => {
    const registered = SCENARIOS.map((scenario) => scenario.id);
    expect([...registered].sort()).toEqual([...SCENARIO_IDS].sort());
    expect(new Set(registered).size).toBe(registered.length);
  });

  it('has a file for every registered scenario', () => {
    expect(scenarioFiles.map((file) => file.replace(/\.ts$/, '')).sort()).toEqual(SCENARIOS.map((scenario) => scenario.id).sort());
  });

  it('gives every scenario a finite rank', () => {
    for (const scenario of SCENARIOS) expect(Number.isFinite(scenario.rank), scenario.id).toBe(true);
  });
});

describe('the scenario documentation', () => {
  it('lists every scenario id in the README scenario table, and no other', () => {
    const documented = tableIds(readRepoText('README.md')).filter((id) => (SCENARIO_IDS as readonly string[]).includes(id) || /^(sf|aws|connect|saml|idp|flow|sso)-/.test(id));
    expect([...new Set(documented)].sort()).toEqual([...SCENARIO_IDS].sort());
  });

  const design = readDesignDocument();
  it.skipIf(design === undefined)('matches the catalog of DESIGN.md (flow-timed-out excepted)', () => {
    const section = (design ?? '').split(/^## /m).find((part) => part.startsWith('Scenario catalog')) ?? '';
    const catalog = new Set(tableIds(section));
    expect(catalog.size).toBeGreaterThan(0);
    for (const id of SCENARIO_IDS) expect(catalog.has(id) || NOT_IN_DESIGN.has(id), `${id} missing from DESIGN.md`).toBe(true);
    for (const id of catalog) expect((SCENARIO_IDS as readonly string[]).includes(id), `${id} in DESIGN.md but not registered`).toBe(true);
  });
});

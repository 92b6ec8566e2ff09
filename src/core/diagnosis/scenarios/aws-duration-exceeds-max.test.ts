import { describe, expect, it } from 'vitest';
import { TEST_DEFAULTS, buildSalesforceResponse, errorPage, flowWithSamlPost, sharedTestIdp, testContext, type SamlPostFlowOptions } from '../../../testing/saml-builder.ts';
import { runScenario } from '../../../testing/scenario-harness.ts';
import { awsDurationExceedsMax } from './aws-duration-exceeds-max.ts';

async function detect(sessionDuration: string, roleMaxSessionDuration?: number, options: SamlPostFlowOptions = {}) {
  const idp = await sharedTestIdp();
  const context = testContext(roleMaxSessionDuration === undefined ? {} : { roleMaxSessionDuration });
  return runScenario(awsDurationExceedsMax, flowWithSamlPost(buildSalesforceResponse(idp, { sessionDuration }), options), context);
}

describe('aws-duration-exceeds-max', () => {
  it('accepts 43200 seconds and flags 43201', async () => {
    expect(await detect('43200')).toEqual([]);
    const [finding] = await detect('43201');
    expect(finding?.id).toBe('aws-duration-exceeds-max');
    expect(finding?.severity).toBe('error');
    expect(finding?.evidence[0]?.observed).toBe('43201 (1 s over the AWS maximum of 43200 s)');
  });

  it('accepts 900 seconds and flags 899', async () => {
    expect(await detect('900')).toEqual([]);
    const [finding] = await detect('899');
    expect(finding?.title).toContain('below the AWS minimum of 900 s');
  });

  it('flags a value that is not a whole number of seconds', async () => {
    const [finding] = await detect('3600.5');
    expect(finding?.title).toBe('The SessionDuration "3600.5" is not a whole number of seconds');
  });

  it('flags a duration over the role\'s MaxSessionDuration and fills in the update-role command', async () => {
    const [finding] = await detect('7200', 3600);
    expect(finding?.evidence[0]?.observed).toContain("3600 s over the role's MaxSessionDuration of 3600 s");
    expect(finding?.remediation[1]?.command).toContain(`aws iam update-role --role-name ${TEST_DEFAULTS.roleName} --max-session-duration 7200`);
  });

  it('reports what AWS said when the role limit is unknown', async () => {
    const [finding] = await detect('7200', undefined, { page: errorPage('aws-duration-exceeds-max') });
    expect(finding?.basis).toBe('observed');
    expect(finding?.evidence[1]?.observed).toBe('7200');
  });

  it('stays silent within the role limit, and on the healthy response without SessionDuration', async () => {
    expect(await detect('3600', 3600)).toEqual([]);
    const idp = await sharedTestIdp();
    expect(await runScenario(awsDurationExceedsMax, flowWithSamlPost(buildSalesforceResponse(idp)))).toEqual([]);
  });
});

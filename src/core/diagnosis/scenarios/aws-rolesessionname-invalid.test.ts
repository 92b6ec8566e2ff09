import { describe, expect, it } from 'vitest';
import { buildSalesforceResponse, errorPage, flowWithSamlPost, sharedTestIdp } from '../../../testing/saml-builder.ts';
import { runScenario } from '../../../testing/scenario-harness.ts';
import { awsRolesessionnameInvalid, describeProblems } from './aws-rolesessionname-invalid.ts';

async function detect(roleSessionName: string) {
  const idp = await sharedTestIdp();
  return runScenario(awsRolesessionnameInvalid, flowWithSamlPost(buildSalesforceResponse(idp, { roleSessionName })));
}

describe('aws-rolesessionname-invalid', () => {
  it('accepts exactly 64 characters and flags 65', async () => {
    expect(await detect('a'.repeat(64))).toEqual([]);
    const [finding] = await detect('a'.repeat(65));
    expect(finding?.id).toBe('aws-rolesessionname-invalid');
    expect(finding?.severity).toBe('error');
    expect(finding?.evidence[0]?.observed).toContain('65 characters long, 1 over the limit of 64');
  });

  it('names the character AWS refuses in an e-mail address', async () => {
    const [finding] = await detect("o'brien@example.com");
    expect(finding?.evidence[0]?.observed).toContain(`not allowed: "'" (U+0027)`);
  });

  it('flags a one-character name', async () => {
    const [finding] = await detect('j');
    expect(finding?.evidence[0]?.observed).toContain('1 character long, at least 2 needed');
  });

  it('becomes observed when AWS showed the RoleSessionName pattern error', async () => {
    const idp = await sharedTestIdp();
    const flow = flowWithSamlPost(buildSalesforceResponse(idp, { roleSessionName: 'Jane Doe' }), { page: errorPage('aws-rolesessionname-invalid') });
    const [finding] = await runScenario(awsRolesessionnameInvalid, flow);
    expect(finding?.basis).toBe('observed');
    expect(finding?.evidence[1]?.observed).toContain('space (U+0020)');
  });

  it('leaves a padded but otherwise valid name to aws-attribute-whitespace', async () => {
    expect(await detect(' jdoe@example.com ')).toEqual([]);
  });

  it('stays silent on the healthy Salesforce response (user id @ org id)', async () => {
    const idp = await sharedTestIdp();
    expect(await runScenario(awsRolesessionnameInvalid, flowWithSamlPost(buildSalesforceResponse(idp)))).toEqual([]);
  });
});

describe('describeProblems', () => {
  it('counts an accented letter once and names it', () => {
    expect(describeProblems('josé')).toEqual(['not allowed: "é" (U+00E9)']);
  });

  it('accepts every character of the AWS pattern', () => {
    expect(describeProblems('aZ09_+=,.@-')).toEqual([]);
  });
});

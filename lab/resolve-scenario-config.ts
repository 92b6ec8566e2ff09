import { fillTemplate, type LabIdentity } from './lab-identity.ts';
import type { LabScenarioConfig } from './scenarios.ts';

/** A scenario configuration with every `{placeholder}` filled from the lab identity. */
export function resolveScenarioConfig(config: LabScenarioConfig, identity: LabIdentity): LabScenarioConfig {
  const fill = (template: string): string => fillTemplate(template, identity);
  const { salesforce, aws, connect } = config;
  return {
    salesforce: {
      ...salesforce,
      issuer: fill(salesforce.issuer),
      acsUrl: fill(salesforce.acsUrl),
      audience: fill(salesforce.audience),
      roleValues: salesforce.roleValues?.map(fill) ?? null,
      roleSessionName: salesforce.roleSessionName === null ? null : fill(salesforce.roleSessionName),
    },
    aws: {
      ...aws,
      samlProviders: aws.samlProviders.map((p) => ({ ...p, name: fill(p.name), entityId: fill(p.entityId) })),
      roles: aws.roles.map((r) => ({
        ...r,
        name: fill(r.name),
        trustedProviders: r.trustedProviders.map(fill),
        samlAudiences: r.samlAudiences.map(fill),
      })),
    },
    connect: {
      ...connect,
      usernames: connect.usernames.map(fill),
      ccpHost: fill(connect.ccpHost),
      previousSignInRole: connect.previousSignInRole === null ? null : fill(connect.previousSignInRole),
    },
  };
}

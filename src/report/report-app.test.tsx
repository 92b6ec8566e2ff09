import { describe, expect, it } from 'vitest';
import { flowSteps } from '../core/flow/summarize-flow.ts';
import { awsSignatureInvalid } from '../ui/fixtures/aws-signature-invalid.ts';
import { ssoHealthy } from '../ui/fixtures/sso-healthy.ts';
import { failingHopId } from './report-app.tsx';

describe('failingHopId', () => {
  it('marks the hop whose stage failed', () => {
    const { flow, diagnosis } = awsSignatureInvalid.stored;
    expect(failingHopId(flowSteps(flow), diagnosis)).toBe('h2');
  });

  it('marks nothing on a healthy flow although its finding cites a hop', () => {
    const { flow, diagnosis } = ssoHealthy.stored;
    expect(diagnosis?.primary.evidence.some((row) => row.hopId !== undefined)).toBe(true);
    expect(failingHopId(flowSteps(flow), diagnosis)).toBeUndefined();
  });
});

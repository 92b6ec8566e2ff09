import type { SamlAnalysis } from '../../analysis/saml-analysis.ts';
import type { Problem } from '../../problem.ts';
import { createFinding } from '../create-finding.ts';
import type { Finding } from '../finding.ts';
import { CONSOLE_PATHS, retestStep } from '../remediation-steps.ts';
import type { Scenario } from '../scenario.ts';
import { SEED_SOURCES } from '../seed-sources.ts';

/** Parser refusals that are the shape of an XML entity attack (XXE, "billion laughs"). */
const ENTITY_ATTACK_CODES: ReadonlySet<string> = new Set(['xml-doctype', 'xml-entity-declaration']);
/** Decoding failures that mean the value was cut short or mangled when it was captured or copied. */
const CAPTURE_DAMAGE_CODES: ReadonlySet<string> = new Set(['base64-invalid', 'url-encoding-invalid', 'empty-input', 'not-xml']);

/**
 * The captured SAMLResponse could not be decoded, parsed or read as SAML: the precise problem
 * (code, message, line and column) from the analysis is the finding. Only values after the last
 * readable Response count: an earlier broken attempt followed by a good one is history.
 */
export const samlUndecodable: Scenario = {
  id: 'saml-undecodable',
  rank: 5,
  detect(analyzed) {
    const hops = analyzed.hops;
    let lastReadable = -1;
    hops.forEach((entry, index) => {
      if (entry.saml?.message?.kind === 'Response') lastReadable = index;
    });
    const findings: Finding[] = [];
    hops.forEach((entry, index) => {
      const analysis = entry.saml;
      if (index < lastReadable || analysis === undefined || analysis.parameter === 'SAMLRequest') return;
      const failure = describeFailure(analysis);
      if (failure === undefined) return;
      findings.push(buildFinding(failure, entry.hop.id));
    });
    return findings;
  },
};

interface Failure {
  readonly problem: Problem;
  readonly stage: string;
}

function describeFailure(analysis: SamlAnalysis): Failure | undefined {
  const firstError = analysis.problems.find((problem) => problem.severity === 'error');
  if (!analysis.decoding.ok) {
    return { problem: firstError ?? fallback('undecodable', 'The value could not be decoded.'), stage: 'decoding (URL, base64, DEFLATE)' };
  }
  const message = analysis.message;
  if (message === undefined) {
    return { problem: firstError ?? fallback('unreadable', 'The XML could not be read.'), stage: 'parsing the XML' };
  }
  if (message.kind === 'Unknown') {
    return { problem: fallback('not-saml', `The document's root element is ${message.rootName}, not a SAML Response.`), stage: 'reading the SAML message' };
  }
  if (message.kind === 'Response' && message.outsideSamlNamespace === true) {
    return {
      problem: fallback('not-saml-namespace', 'The Response and Assertion elements are in no XML namespace: a SAML processor such as AWS sign-in finds no SAML Response in this document.'),
      stage: 'reading the SAML message',
    };
  }
  return undefined;
}

function fallback(code: string, message: string): Problem {
  return { code, severity: 'error', message };
}

function buildFinding(failure: Failure, hopId: string): Finding {
  const { problem } = failure;
  const entityAttack = ENTITY_ATTACK_CODES.has(problem.code);
  const damaged = CAPTURE_DAMAGE_CODES.has(problem.code);
  const where = problem.line === undefined ? '' : ` at line ${String(problem.line)}${problem.column === undefined ? '' : `, column ${String(problem.column)}`}`;
  return createFinding('saml-undecodable', {
    basis: 'predicted',
    title: entityAttack
      ? 'The SAML response declares a DOCTYPE: refused as an XML entity (XXE) attack shape'
      : `The SAML response could not be read (${problem.code}${where})`,
    summary: entityAttack
      ? 'Your sign-in message contains a construct used in attacks on XML readers, so it was not opened. Report it to your security team and your Salesforce admin.'
      : damaged
        ? 'The sign-in message that was captured is incomplete or damaged, so it cannot be checked. Capture the sign-in again (or copy the whole value) and run the diagnosis again.'
        : 'The sign-in message Salesforce sent is not a readable SAML message. Ask your Salesforce admin to check the single sign-on app, with this report.',
    cause: entityAttack
      ? 'SAML forbids DOCTYPE declarations, and entity declarations inside one are how XML external entity (XXE) and entity-expansion ("billion laughs") attacks work. The document was refused before parsing, as AWS would refuse it. A genuine Salesforce response never contains one.'
      : `The value failed while ${failure.stage}: ${problem.message}`,
    evidence: [
      { label: 'Problem', observed: `${problem.code}: ${problem.message}${where}`, expected: 'a base64-encoded, well-formed SAML 2.0 Response', hopId, field: 'SAMLResponse' },
    ],
    remediation: entityAttack
      ? [
          {
            actor: 'salesforce-admin',
            text: 'Treat the message as hostile: keep the report, find out what produced or relayed it (browser extensions, proxies, another identity provider) and inform your security team.',
          },
        ]
      : damaged
        ? [
            {
              actor: 'agent',
              text: 'Capture the sign-in again: start from the Telephony Provider Settings link with the extension recording, or export a complete HAR file (no truncated request bodies) and diagnose that.',
              consolePath: CONSOLE_PATHS.telephonyProviderSettings,
            },
          ]
        : [
            {
              actor: 'salesforce-admin',
              text: 'Check the connected app (or the identity provider in between) that builds this response; if it is Salesforce\'s own, open a case with Salesforce Support and attach the redacted report.',
              consolePath: CONSOLE_PATHS.connectedApp,
            },
            retestStep(),
          ],
    sources: [SEED_SOURCES.awsTroubleshootConnectSaml],
  });
}

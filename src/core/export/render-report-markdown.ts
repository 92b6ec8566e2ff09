import type { MessageSummary } from '../diagnosis/diagnosis.ts';
import type { Finding, RemediationStep } from '../diagnosis/finding.ts';
import type { Hop } from '../flow/flow.ts';
import { describeSignatureOutcome } from './describe-signature-outcome.ts';
import type { FlowReport } from './flow-report.ts';
import { reportWarning } from './report-warning.ts';

const ACTORS: Readonly<Record<RemediationStep['actor'], string>> = {
  agent: 'Agent',
  'salesforce-admin': 'Salesforce admin',
  'aws-admin': 'AWS (IAM) admin',
  'connect-admin': 'Amazon Connect admin',
};

/**
 * The report as Markdown, for pasting into a support case: the warning or redaction notice
 * first, then the verdict and what to do, every finding with its evidence, the hop table, the
 * assertion, signatures and certificates, the decoded XML and the redaction receipt.
 * Every value from the flow is escaped: a page excerpt cannot inject links or markup.
 */
export function renderReportMarkdown(report: FlowReport): string {
  const out: string[] = ['# sso-doctor report', ''];
  out.push(`> ${inline(reportWarning(report))}`, '');
  out.push(`Generated ${inline(report.generatedAt)} · flow ${inline(report.flow.id)} · diagnosed ${inline(report.evaluatedAt)}`, '');

  const diagnosis = report.diagnosis;
  if (diagnosis !== undefined) {
    const primary = diagnosis.primary;
    out.push('## Verdict', '', `**${inline(primary.title)}**`, '', inline(primary.summary), '');
    out.push(`- Finding: ${inline(primary.id)} (${primary.severity}, ${primary.basis === 'observed' ? 'observed' : 'predicted'})`, `- Cause: ${inline(primary.cause)}`, '');
    if (primary.remediation.length > 0) {
      out.push('## What to do', '');
      primary.remediation.forEach((step, index) => out.push(...renderStep(step, index)));
      out.push('');
    }
    out.push('## Findings', '');
    diagnosis.findings.forEach((finding, index) => out.push(...renderFinding(finding, index)));
  }

  out.push('## Flow', '', '| # | Started | Hop | Method | URL | Status | Notes |', '|---|---|---|---|---|---|---|');
  report.flow.hops.forEach((hop, index) => out.push(row([String(index + 1), hop.startedAt, hop.kind, hop.method, hop.url, statusOf(hop), notesOf(hop)])));
  out.push('');

  const message = diagnosis?.message;
  if (message !== undefined) out.push(...renderMessage(message, report.redacted));

  out.push('## Redaction receipt', '', '| Field | Action | Count |', '|---|---|---|');
  for (const entry of report.receipt) out.push(row([entry.field, entry.action, String(entry.count)]));
  out.push('');
  return out.join('\n');
}

function renderFinding(finding: Finding, index: number): string[] {
  const out = [`### ${String(index + 1)}. ${inline(finding.title)}`, '', `${inline(finding.id)} · ${finding.severity} · ${finding.basis}`, '', inline(finding.cause), ''];
  if (finding.evidence.length > 0) {
    out.push('| Evidence | Observed | Expected | Hop | Field |', '|---|---|---|---|---|');
    for (const e of finding.evidence) out.push(row([e.label, e.observed ?? '', e.expected ?? '', e.hopId ?? '', e.field ?? '']));
    out.push('');
  }
  if (finding.remediation.length > 0) {
    out.push('Steps:', '');
    finding.remediation.forEach((step, i) => out.push(...renderStep(step, i)));
    out.push('');
  }
  if (finding.sources.length > 0) {
    out.push(`Sources: ${finding.sources.map((source) => (source.url === undefined ? inline(source.title) : `${inline(source.title)} (${inline(source.url)})`)).join('; ')}`, '');
  }
  return out;
}

function renderStep(step: RemediationStep, index: number): string[] {
  const out = [`${String(index + 1)}. **${ACTORS[step.actor]}**: ${inline(step.text)}`];
  if (step.consolePath !== undefined) out.push(`   Console: ${inline(step.consolePath)}`);
  if (step.command !== undefined) out.push(...fenced(step.command, 'sh').map((line) => `   ${line}`));
  return out;
}

function renderMessage(message: MessageSummary, redacted: boolean): string[] {
  const out = ['## SAML message', '', '| Field | Value |', '|---|---|'];
  const fields: [string, string | undefined][] = [
    ['Kind', message.kind],
    ['Binding', message.binding],
    ['Hop', message.hopId],
    ['ID', message.id],
    ['Issuer', message.issuer],
    ['Destination', message.destination],
    ['IssueInstant', message.issueInstant],
    ['Status', message.statusCode],
    ['Status message', message.statusMessage],
    ['Assertions', `${String(message.assertionCount)} (${String(message.encryptedAssertionCount)} encrypted)`],
  ];
  const assertion = message.assertion;
  if (assertion !== undefined) {
    fields.push(
      ['Assertion Issuer', assertion.issuer],
      ['NameID', assertion.nameId],
      ['NameID Format', assertion.nameIdFormat],
      ['Recipient', assertion.recipient],
      ['Audience', assertion.audiences.join(', ')],
      ['NotBefore', assertion.notBefore],
      ['NotOnOrAfter', assertion.notOnOrAfter],
      ['Subject NotOnOrAfter', assertion.subjectNotOnOrAfter],
      ['SessionNotOnOrAfter', assertion.sessionNotOnOrAfter],
      ['RoleSessionName', assertion.roleSessionName],
      ['SessionDuration', assertion.sessionDuration],
    );
    assertion.roles.forEach((role, i) => fields.push([`Role ${String(i + 1)}`, role.raw]));
  }
  for (const [name, value] of fields) if (value !== undefined) out.push(row([name, value]));
  out.push('');

  if (assertion !== undefined && assertion.attributes.length > 0) {
    out.push('### Attributes', '', '| Name | Values |', '|---|---|');
    for (const attribute of assertion.attributes) out.push(row([attribute.name, attribute.values.map((value) => JSON.stringify(value)).join(', ')]));
    out.push('');
  }
  if (message.signatures.length > 0) {
    out.push('### Signatures', '', '| Signed element | Outcome | Signature method | Digest methods | Digests valid | Verified with (SHA-256) |', '|---|---|---|---|---|---|');
    for (const s of message.signatures) {
      out.push(row([s.signedElement ?? '(unresolved)', describeSignatureOutcome(s), s.signatureMethod ?? '', s.digestMethods.join(', '), s.digestsValid ? 'yes' : 'no', s.verifiedWith ?? '']));
    }
    out.push('');
  }
  if (message.certificates.length > 0) {
    out.push('### Certificates', '', '| Subject | Not before | Not after | Key | Signature algorithm | SHA-256 fingerprint |', '|---|---|---|---|---|---|');
    for (const c of message.certificates) {
      out.push(row([c.subject, c.notBefore, c.notAfter, `${c.keyAlgorithm}${c.keyBits === undefined ? '' : ` ${String(c.keyBits)}`}`, c.signatureAlgorithm, c.sha256Fingerprint]));
    }
    out.push('');
  }
  if (message.problems.length > 0) {
    out.push('### Problems', '');
    for (const p of message.problems) out.push(`- ${p.severity} ${inline(p.code)}: ${inline(p.message)}`);
    out.push('');
  }
  if (message.xml !== '') {
    out.push(redacted ? '### Decoded XML (redacted)' : '### Decoded XML (original, unredacted)', '', ...fenced(prettyXml(message.xml), 'xml'), '');
  }
  return out;
}

function statusOf(hop: Hop): string {
  if (hop.networkError !== undefined) return hop.networkError;
  return hop.status === undefined ? '' : `${String(hop.status)}${hop.statusText === undefined ? '' : ` ${hop.statusText}`}`;
}

function notesOf(hop: Hop): string {
  const notes: string[] = [];
  if (hop.redirectTo !== undefined) notes.push(`redirect to ${hop.redirectTo}`);
  if (hop.saml?.SAMLResponse !== undefined) notes.push('carries a SAMLResponse');
  if (hop.saml?.SAMLRequest !== undefined) notes.push('carries a SAMLRequest');
  if (hop.serverDate !== undefined) notes.push(`server date ${hop.serverDate}`);
  if (hop.page !== undefined) notes.push(`page ${hop.page.classification}: "${hop.page.excerpt}"`);
  return notes.join('; ');
}

/** A table row: every cell escaped, line breaks flattened (a cell is one line in GFM). */
function row(cells: readonly string[]): string {
  return `| ${cells.map((cell) => inline(cell)).join(' | ')} |`;
}

/**
 * Untrusted text as inert inline Markdown: one line, every character that opens markup escaped
 * (emphasis, code, links, HTML, tables, entities), and a block marker at the start neutralised.
 */
export function inline(text: string): string {
  const flat = text.replace(/\s+/g, ' ').replace(/[\\`*_{}[\]<>|~&]/g, (c) => `\\${c}`);
  return flat.replace(/^(\s*)([#+=>-])/, '$1\\$2').replace(/^(\s*\d+)([.)])/, '$1\\$2');
}

/** A fenced code block whose fence is longer than any backtick run inside (CommonMark §4.5). */
function fenced(text: string, language: string): string[] {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}${language}`, ...text.split(/\r?\n/), fence];
}

/** Puts each tag that follows another tag on its own indented line; text content is left exactly as is. */
function prettyXml(xml: string): string {
  const tokens = xml.match(/<[^>]*>|[^<]+/g) ?? [];
  const lines: string[] = [];
  let depth = 0;
  let current = '';
  let previousWasTag = false;
  for (const token of tokens) {
    const isTag = token.startsWith('<');
    const closing = token.startsWith('</');
    const selfContained = token.endsWith('/>') || token.startsWith('<?') || token.startsWith('<!');
    if (isTag && closing) depth = Math.max(0, depth - 1);
    if (isTag && previousWasTag) {
      lines.push(current);
      current = '  '.repeat(depth);
    }
    current += token;
    if (isTag && !closing && !selfContained) depth++;
    previousWasTag = isTag;
  }
  if (current !== '') lines.push(current);
  return lines.join('\n');
}

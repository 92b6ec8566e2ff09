import { useMemo, useState } from 'react';
import type { MessageSummary } from '../../core/diagnosis/diagnosis.ts';
import { t, type MessageKey } from '../i18n/t.ts';
import { prettyPrintXml, type HighlightField, type XmlPart } from '../xml/pretty-print-xml.ts';
import { CopyButton, type CopyText } from './copy-button.tsx';

const FIELD_LABEL: Readonly<Record<HighlightField, MessageKey>> = {
  issuer: 'fieldIssuer',
  audience: 'fieldAudience',
  destination: 'fieldDestination',
  recipient: 'fieldRecipient',
  time: 'fieldTime',
  role: 'fieldRole',
  'role-session-name': 'fieldRoleSessionName',
  'session-duration': 'fieldSessionDuration',
  'name-id': 'fieldNameId',
};

interface FactRow {
  readonly label: MessageKey;
  readonly values: readonly string[];
}

/** The fields an admin compares first, read from the summary (never from the XML string). */
export function assertionFacts(message: MessageSummary): FactRow[] {
  const assertion = message.assertion;
  const rows: FactRow[] = [
    { label: 'fieldIssuer', values: [assertion?.issuer ?? message.issuer].filter(isString) },
    { label: 'fieldDestination', values: [message.destination].filter(isString) },
    { label: 'fieldRecipient', values: [assertion?.recipient].filter(isString) },
    { label: 'fieldAudience', values: assertion?.audiences ?? [] },
    { label: 'fieldIssueInstant', values: [message.issueInstant].filter(isString) },
    { label: 'fieldNotBefore', values: [assertion?.notBefore].filter(isString) },
    { label: 'fieldNotOnOrAfter', values: [assertion?.notOnOrAfter ?? assertion?.subjectNotOnOrAfter].filter(isString) },
    { label: 'fieldNameId', values: [assertion?.nameId].filter(isString) },
    { label: 'fieldRole', values: assertion?.roles.map((role) => role.raw) ?? [] },
    { label: 'fieldRoleSessionName', values: [assertion?.roleSessionName].filter(isString) },
    { label: 'fieldSessionDuration', values: [assertion?.sessionDuration].filter(isString) },
  ];
  return rows.filter((row) => row.values.length > 0);
}

function isString(value: string | undefined): value is string {
  return value !== undefined;
}

/** Marks values a reader cannot see are padded: AWS rejects them (IAM troubleshooting guide). */
function Value({ value }: { readonly value: string }) {
  const padded = value !== value.trim();
  return (
    <code className={padded ? 'value value--padded' : 'value'}>
      {value}
      {padded ? <span className="value__warning"> {t('valuePadded')}</span> : null}
    </code>
  );
}

/** The decoded SAML message: key facts, then the XML pretty-printed (highlighted) or raw. */
export function AssertionView({ message, copy }: { readonly message: MessageSummary; readonly copy: CopyText }) {
  const [mode, setMode] = useState<'pretty' | 'raw'>('pretty');
  const pretty = useMemo(() => prettyPrintXml(message.xml), [message.xml]);
  const facts = assertionFacts(message);
  return (
    <div className="assertion">
      <dl className="facts">
        {facts.map((row) => (
          <div key={row.label} className="facts__row">
            <dt>{t(row.label)}</dt>
            <dd>
              {row.values.map((value, index) => (
                <Value key={index} value={value} />
              ))}
            </dd>
          </div>
        ))}
        <div className="facts__row">
          <dt>{t('fieldAssertions')}</dt>
          <dd>
            {t('assertionCounts', [String(message.assertionCount), String(message.encryptedAssertionCount)])}
          </dd>
        </div>
      </dl>
      {message.problems.length === 0 ? null : (
        <ul className="problems">
          {message.problems.map((problem, index) => (
            <li key={index} className={`problems__item problems__item--${problem.severity}`}>
              <code>{problem.code}</code> {problem.message}
            </li>
          ))}
        </ul>
      )}
      <div className="xml-toolbar" role="group" aria-label={t('xmlViewLabel')}>
        <button type="button" className="button button--small" aria-pressed={mode === 'pretty'} onClick={() => { setMode('pretty'); }}>
          {t('xmlPretty')}
        </button>
        <button type="button" className="button button--small" aria-pressed={mode === 'raw'} onClick={() => { setMode('raw'); }}>
          {t('xmlRaw')}
        </button>
        <CopyButton text={message.xml} copy={copy} label={t('copyXml')} />
      </div>
      {mode === 'raw' || pretty.lines.length === 0 ? (
        <pre className="xml xml--raw" tabIndex={0} aria-label={t('xmlRaw')}>
          {message.xml}
        </pre>
      ) : (
        <>
          {pretty.truncated ? <p className="muted">{t('xmlTruncated')}</p> : null}
          <pre className="xml" tabIndex={0} aria-label={t('xmlPretty')}>
            {pretty.lines.map((line, index) => (
              <span key={index} className="xml__line" style={{ paddingInlineStart: `${String(Math.min(line.depth, 24) * 2 + 2)}ch` }}>
                {line.parts.map((part, partIndex) => (
                  <XmlPartView key={partIndex} part={part} />
                ))}
                {'\n'}
              </span>
            ))}
          </pre>
          <p className="xml-legend muted">{t('xmlLegend')}</p>
        </>
      )}
    </div>
  );
}

function XmlPartView({ part }: { readonly part: XmlPart }) {
  const className = `xml__${part.kind}${part.padded === true ? ' xml__padded' : ''}`;
  if (part.field === undefined) return <span className={className}>{part.text}</span>;
  return (
    <mark className={`${className} xml__field`} data-field={part.field} title={t(FIELD_LABEL[part.field])}>
      {part.text}
    </mark>
  );
}

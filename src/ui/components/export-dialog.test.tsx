import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { activateLocaleFile } from '../i18n/locale-messages.ts';
import { ExportDialog, type ExportDialogProps } from './export-dialog.tsx';

activateLocaleFile('en');

const noop = (): void => undefined;
const base: ExportDialogProps = {
  format: 'har',
  onFormatChange: noop,
  preview: { filename: 'sso-doctor.har', mimeType: 'application/json', content: '{"log":{}}' },
  status: 'idle',
  onSave: noop,
  onClose: noop,
  allowUnredacted: false,
  unredacted: false,
  onUnredactedChange: noop,
  confirmingUnredacted: false,
  onConfirmUnredacted: noop,
  onCancelUnredacted: noop,
};

describe('ExportDialog', () => {
  it('shows exactly what will be saved before saving, with focus on the chosen format', () => {
    const html = renderToStaticMarkup(<ExportDialog {...base} />);
    expect(html).toContain('sso-doctor.har');
    expect(html).toContain('{&quot;log&quot;:{}}');
    expect(html).toMatch(/<input type="radio" autofocus="" name="export-format" checked="" value="har"/);
  });

  it('offers no unredacted export in the popup', () => {
    expect(renderToStaticMarkup(<ExportDialog {...base} />)).not.toContain('type="checkbox"');
  });

  it('warns that an unredacted report is a live credential and blocks saving until answered', () => {
    const html = renderToStaticMarkup(<ExportDialog {...base} allowUnredacted confirmingUnredacted />);
    expect(html).toContain('role="alertdialog"');
    expect(html).toContain('live credential');
    expect(html).toMatch(/<button type="button" class="button button--primary" disabled="">Save file<\/button>/);
  });

  it('cannot save while the preview is missing', () => {
    const html = renderToStaticMarkup(<ExportDialog {...base} preview={undefined} status="loading" />);
    expect(html).toContain('Preparing the report');
    expect(html).toContain('disabled=""');
  });
});

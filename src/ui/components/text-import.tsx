import { useState, type DragEvent } from 'react';
import { t } from '../i18n/t.ts';

/** Largest file we read: metadata and user lists are kilobytes; anything bigger is not what we asked for. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;

export interface TextImportProps {
  readonly id: string;
  readonly label: string;
  readonly hint: string;
  readonly accept: string;
  readonly onImport: (text: string) => void;
  /** What happened to the last import, in words (set by the container). */
  readonly status?: { readonly tone: 'ok' | 'error'; readonly message: string } | undefined;
  readonly busy?: boolean;
}

/** Brings text in by file drop, file picker or paste (AWS-side metadata XML, `aws connect list-users` JSON). */
export function TextImport({ id, label, hint, accept, onImport, status, busy = false }: TextImportProps) {
  const [text, setText] = useState('');
  const [dragging, setDragging] = useState(false);
  const [fileError, setFileError] = useState<string | undefined>(undefined);
  const readFile = (file: File | undefined): void => {
    if (file === undefined) return;
    if (file.size > MAX_FILE_BYTES) {
      setFileError(t('fileTooLarge'));
      return;
    }
    setFileError(undefined);
    file.text().then(
      (content) => {
        setText(content);
        onImport(content);
      },
      () => {
        setFileError(t('fileUnreadable'));
      },
    );
  };
  const onDrop = (event: DragEvent<HTMLDivElement>): void => {
    event.preventDefault();
    setDragging(false);
    readFile(event.dataTransfer.files[0]);
  };
  return (
    <div
      className={dragging ? 'import import--dragging' : 'import'}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => {
        setDragging(false);
      }}
      onDrop={onDrop}
    >
      <label htmlFor={`${id}-text`} className="field__label">
        {label}
      </label>
      <p id={`${id}-hint`} className="muted">
        {hint}
      </p>
      <textarea
        id={`${id}-text`}
        className="field__input import__text"
        rows={5}
        spellCheck={false}
        value={text}
        aria-describedby={`${id}-hint ${id}-status`}
        onChange={(event) => {
          setText(event.currentTarget.value);
        }}
      />
      <div className="button-row">
        <button
          type="button"
          className="button button--primary"
          disabled={busy || text.trim() === ''}
          onClick={() => {
            onImport(text);
          }}
        >
          {t('importApply')}
        </button>
        <label className="button file-button">
          {t('importChooseFile')}
          <input
            type="file"
            accept={accept}
            className="visually-hidden"
            onChange={(event) => {
              readFile(event.currentTarget.files?.[0]);
            }}
          />
        </label>
        <span className="muted">{t('importDropHint')}</span>
      </div>
      <p id={`${id}-status`} className={status?.tone === 'error' || fileError !== undefined ? 'field__error' : 'field__ok'} aria-live="polite">
        {fileError ?? status?.message ?? ''}
      </p>
    </div>
  );
}

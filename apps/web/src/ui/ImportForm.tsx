/**
 * Creates a document from a draft in the notation: paste the text, or choose a file (`.txt`
 * notation, or a Word `.docx` whose paragraphs carry the brackets, sent to the server as is).
 */
import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { ApiError, notationErrorText } from '../api/client';
import type { ApiClient, DocumentSummary } from '../api/client';

/** The Secretariat's import form. */
export function ImportForm({
  client,
  meeting,
  onImported,
}: {
  client: ApiClient;
  meeting: string;
  onImported: (doc: DocumentSummary) => void;
}) {
  const [text, setText] = useState('');
  /** A chosen Word file: imported instead of the text. */
  const [docx, setDocx] = useState<File | null>(null);
  const [symbol, setSymbol] = useState('');
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<DocumentSummary | null>(null);
  /** The draft gives no symbol: the form asks for one instead of the server naming it. */
  const [needSymbol, setNeedSymbol] = useState(false);
  const symbolInput = useRef<HTMLInputElement>(null);
  const askForSymbol = () => {
    setNeedSymbol(true);
    symbolInput.current?.focus();
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setDone(null);
    // A text draft names itself only in its front matter (`symbol: …`); a Word file may carry
    // its symbol, so the server says whether it found one.
    if (!symbol.trim() && !docx && !hasSymbolLine(text)) {
      askForSymbol();
      return;
    }
    setNeedSymbol(false);
    setBusy(true);
    try {
      const options = {
        ...(symbol.trim() ? { symbol: symbol.trim() } : {}),
        ...(title.trim() ? { title: title.trim() } : {}),
      };
      const doc = docx
        ? await client.importDocx(meeting, docx, options)
        : await client.importDocument(meeting, { text, ...options });
      setDone(doc);
      setText('');
      setDocx(null);
      onImported(doc);
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && /no symbol/.test(err.message)) {
        askForSymbol();
        return;
      }
      setError(err instanceof ApiError ? err : new ApiError(String(err), 0));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="import-form" onSubmit={(e) => void submit(e)} data-testid="import-form">
      <div className="row">
        <label>
          Symbol
          <input
            value={symbol}
            onChange={(e) => {
              setSymbol(e.target.value);
              if (e.target.value.trim()) setNeedSymbol(false);
            }}
            placeholder="MC/2023/DRAFT/5"
            ref={symbolInput}
            aria-invalid={needSymbol || undefined}
            aria-describedby={needSymbol ? 'import-symbol-needed' : undefined}
            data-testid="import-symbol"
          />
          {needSymbol ? (
            <span
              className="field-error"
              id="import-symbol-needed"
              role="alert"
              data-testid="symbol-needed"
            >
              This draft has no symbol: type it here (e.g. MC/2023/DRAFT/5), then import.
            </span>
          ) : null}
        </label>
        <label className="grow">
          Title
          <input
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            placeholder="(taken from the draft when empty)"
          />
        </label>
        <label>
          From a file
          <input
            type="file"
            data-testid="import-file"
            accept=".txt,text/plain,.docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            onChange={(e) => {
              const f = e.target.files?.[0];
              setError(null);
              if (!f) return;
              if (/\.docx$/i.test(f.name) || f.type.includes('wordprocessingml')) {
                setDocx(f);
                setText('');
              } else {
                setDocx(null);
                // A file that cannot be read says so, like a refused import.
                f.text().then(setText, (err: unknown) =>
                  setError(new ApiError(`Cannot read ${f.name}: ${String(err)}`, 0)),
                );
              }
            }}
          />
        </label>
      </div>
      {docx ? (
        <div className="alert" role="status" data-testid="import-docx">
          Word file <strong>{docx.name}</strong> ({Math.ceil(docx.size / 1024)} KB) will be
          imported; its paragraphs are read as the notation.{' '}
          <button type="button" onClick={() => setDocx(null)}>
            Use text instead
          </button>
        </div>
      ) : null}
      <label hidden={docx !== null}>
        Draft text (notation)
        <textarea
          value={text}
          onChange={(e) => setText(e.target.value)}
          rows={8}
          spellCheck={false}
          placeholder="1. Paste the draft here, with brackets such as [new text] (+IRAN) (-CHN)…"
          data-testid="import-text"
        />
      </label>
      {error ? (
        <div className="alert error" role="alert">
          <strong>{error.message}</strong>
          {error.hint ? <div>{error.hint}</div> : null}
          {error.errors?.length ? (
            <ul>
              {error.errors.slice(0, 10).map((x, i) => (
                <li key={i}>{notationErrorText(x)}</li>
              ))}
            </ul>
          ) : null}
          {error.errors && error.errors.length > 10 ? (
            <div>…and {error.errors.length - 10} more. Nothing was imported.</div>
          ) : null}
        </div>
      ) : null}
      {done ? (
        <div className="alert ok" role="status" data-testid="imported">
          Imported {done.symbol}: {done.paragraphs} paragraphs, {done.bracketsOpen} brackets open.
        </div>
      ) : null}
      <button
        className="primary"
        type="submit"
        disabled={busy || (!docx && !text.trim())}
        data-testid="import-submit"
      >
        {busy ? 'Importing…' : 'Import draft'}
      </button>
    </form>
  );
}

/** Whether notation text names its symbol in its front matter (`symbol: …` between `---` lines). */
function hasSymbolLine(text: string): boolean {
  const m = /^\s*---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  return !!m && /^\s*symbol\s*:\s*\S/im.test(m[1] ?? '');
}

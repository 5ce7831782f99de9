/**
 * The download buttons of a text (the live draft or one revision): Word, HTML, notation and
 * clean text. Each file is fetched with the participant's token in the `Authorization` header
 * (never in the URL) and saved from a blob; a refusal (the clean text while brackets remain)
 * is shown beside the buttons.
 */
import { useState } from 'react';
import type { ReactNode } from 'react';
import { ApiError } from '../api/client';
import type { ApiClient, ExportFormat } from '../api/client';

const FORMATS: readonly { format: ExportFormat; label: string; ext: string }[] = [
  { format: 'docx', label: 'Word', ext: '.docx' },
  { format: 'html', label: 'HTML', ext: '.html' },
  { format: 'notation', label: 'Notation', ext: '.txt' },
  { format: 'clean', label: 'Clean text', ext: '-clean.txt' },
];

/** A symbol as a file name: `MC/2023/DRAFT/5/Rev.1` → `MC-2023-DRAFT-5-Rev.1`. */
export function fileBase(symbol: string): string {
  return symbol.replace(/[^A-Za-z0-9.-]+/g, '-');
}

/** Download buttons for one text; `pathOf` gives each format's API path. */
export function Downloads({
  client,
  pathOf,
  baseName,
  testId,
  formats = ['docx', 'html', 'notation', 'clean'],
  renderRefusal,
}: {
  client: ApiClient;
  pathOf: (format: ExportFormat) => string;
  /** The file name without its extension. */
  baseName: string;
  /** Prefix of each button's `data-testid`: `${testId}-docx`, … */
  testId: string;
  formats?: readonly ExportFormat[];
  /** Shows a refusal in its own words (the live clean text names the open brackets). */
  renderRefusal?: (error: ApiError, format: ExportFormat) => ReactNode;
}) {
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [failed, setFailed] = useState<{ error: ApiError; format: ExportFormat } | null>(null);
  const get = async (format: ExportFormat, ext: string) => {
    setBusy(format);
    setFailed(null);
    try {
      await client.download(pathOf(format), `${baseName}${ext}`);
    } catch (e) {
      setFailed({ error: e instanceof ApiError ? e : new ApiError(String(e), 0), format });
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="downloads" data-testid={testId}>
      <div className="row">
        {FORMATS.filter((f) => formats.includes(f.format)).map((f) => (
          <button
            key={f.format}
            type="button"
            className="small"
            disabled={busy !== null}
            onClick={() => void get(f.format, f.ext)}
            data-testid={`${testId}-${f.format}`}
          >
            {busy === f.format ? 'Downloading…' : f.label}
          </button>
        ))}
      </div>
      {failed ? (
        <div className="alert error small" role="alert" data-testid={`${testId}-refused`}>
          {renderRefusal?.(failed.error, failed.format) ?? (
            <>
              <strong>{failed.error.message}</strong>
              {failed.error.hint ? <div>{failed.error.hint}</div> : null}
            </>
          )}
        </div>
      ) : null}
    </div>
  );
}

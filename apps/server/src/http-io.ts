/**
 * The HTTP API's plumbing, shared by its routes (`http-routes.ts`) and the silence procedure's
 * (`silence-http.ts`): JSON and text answers, bounded bodies, and the error answered as JSON.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { rolesThatCan, type Capability } from '@accord/contracts';
import type { Participant } from './store';

/** An error answered as JSON. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly hint?: string,
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** Sends `body` as JSON with `status`. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const data = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(data),
    'cache-control': 'no-store',
  });
  res.end(data);
}

/** Sends `text` with `status` and a media type (plain text by default). */
export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  type = 'text/plain',
): void {
  res.writeHead(status, {
    'content-type': `${type}; charset=utf-8`,
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return Buffer.from(await readBytes(req, limit)).toString('utf8');
}

/** Reads a body of at most `limit` bytes. */
export async function readBytes(req: IncomingMessage, limit: number): Promise<Uint8Array> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit)
    throw new HttpError(413, `the body is too large (${declared} bytes, limit ${limit})`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, `the body is too large (limit ${limit} bytes)`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Reads a JSON object body of at most `limit` bytes (`{}` when empty). */
export async function readJson(
  req: IncomingMessage,
  limit: number,
): Promise<Record<string, unknown>> {
  const text = await readBody(req, limit);
  if (!text.trim()) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new HttpError(
      400,
      `the body is not valid JSON (${(error as Error).message})`,
      'send application/json',
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpError(400, 'the body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

/** An optional string field of a JSON body. */
export function optString(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string')
    throw new HttpError(400, `'${key}' must be a string (got ${typeof v})`);
  return v;
}

/** Refuses (403) a participant whose role lacks `capability`; `what` is the action in words. */
export function requireCapability(p: Participant, capability: Capability, what: string): void {
  const roles = rolesThatCan(capability);
  if (!roles.includes(p.role)) {
    throw new HttpError(
      403,
      `${p.role === 'delegate' ? 'a delegate' : `the ${p.role}`} cannot ${what}`,
      `only ${roles.join(' or ')} can`,
    );
  }
}

/**
 * Signed participant tokens: `<payload>.<signature>`, both base64url, the signature an
 * HMAC-SHA256 of the payload with the data folder's secret (`secret.key`, created on first use).
 *
 * The payload only names the participant (and the meeting); role, delegation, expiry and
 * revocation are read from the database each time a token is used.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What a token carries. */
export interface TokenPayload {
  /** Participant id. */
  p: string;
  /** Meeting id. */
  m: string;
  /** Issued at, seconds since the epoch. */
  iat: number;
}

/** Reads the data folder's secret, creating it (mode 0600) on first use. */
export function loadSecret(dataDir: string): Buffer {
  const path = join(dataDir, 'secret.key');
  if (!existsSync(path)) {
    try {
      writeFileSync(path, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another process created it between the check and the write: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const hex = readFileSync(path, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/.test(hex)) {
    throw new RangeError(`${path}: not a secret written by accord (expected 64 hex digits)`);
  }
  return Buffer.from(hex, 'hex');
}

function sign(secret: Buffer, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

/** Makes a token for a participant. */
export function makeToken(secret: Buffer, participantId: string, meetingId: string): string {
  const payload: TokenPayload = {
    p: participantId,
    m: meetingId,
    iat: Math.floor(Date.now() / 1000),
  };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${sign(secret, body)}`;
}

/** Checks a token's signature and shape; null when it is not a token signed with `secret`. */
export function verifyToken(secret: Buffer, token: string): TokenPayload | null {
  if (typeof token !== 'string' || token.length > 1000) return null;
  const dot = token.indexOf('.');
  if (dot <= 0) return null;
  const body = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), 'base64url');
  const expected = Buffer.from(sign(secret, body), 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown;
    if (
      typeof payload === 'object' &&
      payload !== null &&
      typeof (payload as TokenPayload).p === 'string' &&
      typeof (payload as TokenPayload).m === 'string'
    ) {
      return payload as TokenPayload;
    }
  } catch {
    // fall through: signed but not JSON cannot happen unless the secret leaked
  }
  return null;
}

/**
 * The websocket close codes of a document connection (`/ws/:documentId`). Clients act on them:
 * 4403 means a refused change (recover on a fresh copy, do not resend), 4401 a revoked or
 * expired token (rejoin), 1011 a server that lost its database (reconnect later).
 */

/** Close codes of a document connection. */
export const CLOSE = {
  /** The token is unknown, revoked or expired. */
  badToken: 4401,
  /** A change was refused (its reason is sent first as `{"type":"refused","reason":"…"}`). */
  refused: 4403,
  /** No such document in the token's meeting. */
  unknownDocument: 4404,
  /** A malformed message (a text frame, a message that cannot be decoded). */
  malformed: 4400,
  /** The client does not read what it is sent. */
  tooSlow: 4508,
  /** The client sends faster than its rate limit allows, far beyond it. */
  flooding: 4529,
  /** Too many refused changes: the participant is cut off for `limits.cutOffMs`. */
  cutOff: 4429,
  /** The server failed (for instance its database cannot be reached). */
  serverError: 1011,
  /** The server is shutting down. */
  shutdown: 1001,
} as const;

/** One of the close codes in {@link CLOSE}. */
export type CloseCode = (typeof CLOSE)[keyof typeof CLOSE];

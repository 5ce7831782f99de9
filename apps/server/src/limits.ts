/** Limits that keep one client from hurting the others. */
export interface Limits {
  /** Largest websocket message accepted, in bytes (bigger ones close the connection, 1009). */
  maxMessageBytes: number;
  /** A connection whose unsent data passes this many bytes is cut off at once (4508). */
  maxBufferedBytes: number;
  /**
   * A connection whose unsent data stays above this many bytes while its client reads none of
   * it for `stallMs` is cut off (4508).
   */
  stallBytes: number;
  /** Milliseconds a client may read nothing while its unsent data is above `stallBytes`. */
  stallMs: number;
  /** Sustained messages per second per connection before reading is paused. */
  messagesPerSecond: number;
  /** Messages a connection may send in a burst. */
  burst: number;
  /** Messages received but not yet processed per connection before reading is paused. */
  maxPending: number;
  /**
   * Backpressure: while a connection's unsent data is above this many bytes, nothing more it
   * sends is processed (reading pauses) until its client has read the rest; a client that keeps
   * asking for the whole document without reading it gets at most one answer at a time.
   */
  backpressureBytes: number;
  /** Longest a room processes messages before it lets the event loop serve others, in ms. */
  flushSliceMs: number;
  /** Accepted updates between two snapshots of a document. */
  compactEvery: number;
  /** Milliseconds between two checks of revoked or expired tokens. */
  revocationPollMs: number;
  /** Largest HTTP body accepted, in bytes. */
  maxBodyBytes: number;
  /** Longest bracket id in a change, in characters (the guard's shape check). */
  maxIdChars: number;
  /** Longest short string in a change (owner, delegation, `by`, `createdBy`, label), in characters. */
  maxNameChars: number;
  /** Longest paragraph or heading a change may leave, in characters. */
  maxBlockChars: number;
  /** Longest document setting (`meta` entry, as JSON) a change may leave, in characters. */
  maxMetaChars: number;
  /** How far in the future a new bracket's `createdAt` may lie, in ms (clients' clock skew). */
  maxClockSkewMs: number;
  /** Quiet milliseconds after a refusal before the guard's copy it left dirty is rebuilt. */
  guardRewarmMs: number;
  /** Bytes of cached sync answers (whole-document states) per document version. */
  syncCacheBytes: number;
  /**
   * Bytes of changes a cached sync answer is sent with (as one update after it) before the cache
   * is dropped and the whole state encoded again.
   */
  syncDeltaBytes: number;
  /** Window over which a participant's refused changes are counted, in ms. */
  refusalWindowMs: number;
  /** Refused changes in the window after which a participant's new connections are delayed. */
  refusalsBeforeSlowdown: number;
  /** First delay of a slowed participant's new connection, in ms (doubling, at most 30 s). */
  refusalDelayMs: number;
  /** Refused changes in the window after which a participant is cut off (4429). */
  refusalsBeforeCutOff: number;
  /** How long a participant cut off for refused changes stays out, in ms. */
  cutOffMs: number;
  /** Largest sum of the uncompressed sizes of an imported DOCX's entries, in bytes. */
  maxImportUnpackedBytes: number;
  /** Largest ratio of an imported DOCX's unpacked size to its own size. */
  maxImportRatio: number;
  /** Most entries in an imported DOCX. */
  maxImportEntries: number;
  /** Largest document (its stored state, estimated from the accepted updates), in bytes. */
  maxDocumentBytes: number;
  /** Most bytes of accepted changes one participant may add per minute, all documents together. */
  maxGrowthBytesPerMinute: number;
  /** Largest presence (awareness) state of one client, in bytes. */
  maxAwarenessBytes: number;
}

/** The defaults. */
export const DEFAULT_LIMITS: Limits = {
  maxMessageBytes: 2 * 1024 * 1024,
  maxBufferedBytes: 8 * 1024 * 1024,
  stallBytes: 1024 * 1024,
  stallMs: 5000,
  messagesPerSecond: 200,
  burst: 400,
  maxPending: 200,
  backpressureBytes: 512 * 1024,
  flushSliceMs: 8,
  compactEvery: 500,
  revocationPollMs: 500,
  maxBodyBytes: 5 * 1024 * 1024,
  maxIdChars: 64,
  maxNameChars: 200,
  maxBlockChars: 50_000,
  maxMetaChars: 20_000,
  maxClockSkewMs: 24 * 60 * 60 * 1000,
  guardRewarmMs: 250,
  syncCacheBytes: 64 * 1024 * 1024,
  syncDeltaBytes: 256 * 1024,
  refusalWindowMs: 60_000,
  refusalsBeforeSlowdown: 3,
  refusalDelayMs: 1000,
  refusalsBeforeCutOff: 10,
  cutOffMs: 10 * 60_000,
  maxImportUnpackedBytes: 64 * 1024 * 1024,
  maxImportRatio: 100,
  maxImportEntries: 2000,
  maxDocumentBytes: 64 * 1024 * 1024,
  maxGrowthBytesPerMinute: 4 * 1024 * 1024,
  maxAwarenessBytes: 16 * 1024,
};

/**
 * One websocket connection of a participant to a document, with its flow control: a rate limit
 * on what it sends (reading pauses beyond it, a flood is cut off) and a watch on what it does not
 * read (cut off when its unsent data passes a byte limit, or stays above a lower one too long).
 */
import { CLOSE } from '@accord/contracts';
import type { WebSocket } from 'ws';
import type { Actor } from './accord';
import type { Limits } from './limits';
import type { Participant } from './store';

// The close codes are declared once, in @accord/contracts; named here for the server's modules.
export { CLOSE };

/** A close reason that fits a close frame (at most 123 bytes of UTF-8). */
export function closeReason(reason: string): string {
  let out = reason;
  while (Buffer.byteLength(out) > 120) out = out.slice(0, -2);
  return out.length < reason.length ? `${out.slice(0, -1)}…` : out;
}

/** The reason given to a client cut off for not reading (4508). */
const TOO_SLOW = 'too slow: the client does not read what it is sent';

/** One websocket connection of a participant to a document. */
export class Conn {
  /** Awareness client id this connection speaks for (bound on its first awareness message). */
  awarenessId: number | null = null;
  /** True once the connection is closing: nothing more is sent or processed for it. */
  closing = false;
  /** Messages received and not processed yet. */
  pending = 0;
  /** True once an oversized presence state of this connection was dropped (logged once). */
  presenceRefused = false;
  /** Messages accepted from this connection (for tests and metrics). */
  updatesAccepted = 0;
  private tokens: number;
  private lastRefill = Date.now();
  private resumeTimer: NodeJS.Timeout | null = null;
  /** Polls the unsent data while it is above `limits.stallBytes`. */
  private stallTimer: NodeJS.Timeout | null = null;
  /** Bytes handed to the websocket so far (to tell what the client read from what was added). */
  private sentBytes = 0;

  constructor(
    readonly ws: WebSocket,
    readonly participant: Participant,
    readonly limits: Limits,
  ) {
    this.tokens = limits.burst;
  }

  /** Who sends changes on this connection. */
  get actor(): Actor {
    return {
      role: this.participant.role,
      delegation: this.participant.delegation,
      participantId: this.participant.id,
    };
  }

  /**
   * Sends bytes unless the connection is closing. Cuts off a client that does not read: at once
   * when its unsent data passes `limits.maxBufferedBytes`, or when that data stays above
   * `limits.stallBytes` for `limits.stallMs` without the client reading any of it
   * (see {@link watchStall}).
   */
  send(data: Uint8Array): void {
    if (this.closing || this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > this.limits.maxBufferedBytes) {
      this.close(CLOSE.tooSlow, TOO_SLOW);
      return;
    }
    this.write(data);
  }

  /** Sends bytes even while the connection is closing (a refusal before its close). */
  write(data: Uint8Array): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    this.ws.send(data, { binary: true });
    this.sentBytes += data.byteLength;
    if (!this.stallTimer && this.ws.bufferedAmount > this.limits.stallBytes) this.watchStall();
  }

  /**
   * Watches unsent data above `limits.stallBytes`, a few times per `limits.stallMs`. The watch
   * ends when the data falls below that; the clock restarts whenever the client has read some
   * since the last look (the data went down by more than what was added: a slow link is not a
   * stalled client, and `maxBufferedBytes` bounds it anyway); the connection is closed (4508)
   * when the client has read nothing for `limits.stallMs`, whether or not more is sent meanwhile.
   */
  private watchStall(): void {
    let since = Date.now();
    let lastBuffered = this.ws.bufferedAmount;
    let lastSent = this.sentBytes;
    const every = Math.max(20, Math.min(500, Math.floor(this.limits.stallMs / 5)));
    this.stallTimer = setInterval(() => {
      const buffered = this.ws.bufferedAmount;
      if (
        this.closing ||
        this.ws.readyState !== this.ws.OPEN ||
        buffered <= this.limits.stallBytes
      ) {
        this.stopStallWatch();
        return;
      }
      // Frame headers count in `bufferedAmount` and not in `sentBytes`: a client that reads
      // nothing never shows progress.
      const read = lastBuffered + (this.sentBytes - lastSent) - buffered;
      lastBuffered = buffered;
      lastSent = this.sentBytes;
      if (read > 0) {
        since = Date.now();
      } else if (Date.now() - since >= this.limits.stallMs) {
        this.stopStallWatch();
        this.close(CLOSE.tooSlow, TOO_SLOW);
      }
    }, every);
    this.stallTimer.unref();
  }

  private stopStallWatch(): void {
    if (this.stallTimer) clearInterval(this.stallTimer);
    this.stallTimer = null;
  }

  /** Closes the connection with a code and reason; a client that does not answer is cut off. */
  close(code: number, reason: string): void {
    if (this.closing) return;
    this.closing = true;
    if (this.resumeTimer) clearTimeout(this.resumeTimer);
    this.stopStallWatch();
    try {
      this.ws.close(code, closeReason(reason));
    } catch {
      this.ws.terminate();
      return;
    }
    setTimeout(() => this.ws.terminate(), 2000).unref();
  }

  /** True while this client has more unsent data than `limits.backpressureBytes` (it must read first). */
  private get backedUp(): boolean {
    return this.ws.bufferedAmount > this.limits.backpressureBytes;
  }

  /**
   * Rate limit and backpressure: a message within the allowance goes straight to `deliver`;
   * beyond it, or while the client has not read what it was sent (`limits.backpressureBytes`),
   * messages wait in this connection's inbox (reading from the socket is paused meanwhile) and
   * are delivered as the allowance refills and the client reads. A client whose inbox passes
   * 4 × `maxPending` is cut off.
   */
  admit(data: Uint8Array, deliver: (data: Uint8Array) => void): void {
    this.refill();
    if (
      this.inbox.length === 0 &&
      this.tokens >= 1 &&
      this.pending < this.limits.maxPending &&
      !this.backedUp
    ) {
      this.tokens -= 1;
      this.pending += 1;
      deliver(data);
      return;
    }
    this.inbox.push(data);
    this.deliver = deliver;
    if (this.inbox.length > this.limits.maxPending * 4) {
      this.inbox = [];
      this.close(CLOSE.flooding, 'flooding: too many messages, slow down');
      return;
    }
    if (!this.ws.isPaused) this.ws.pause();
    this.scheduleDrain();
  }

  /**
   * Puts a message back at the head of the inbox, to be processed once the client has read what
   * it was sent (a request for the whole document from a client that has not read the last).
   */
  holdBack(data: Uint8Array, deliver: (data: Uint8Array) => void): void {
    if (this.closing) return;
    this.inbox.unshift(data);
    this.deliver = deliver;
    if (!this.ws.isPaused) this.ws.pause();
    this.scheduleDrain();
  }

  /** True while messages wait in this connection's inbox (reading is paused until it drains). */
  get holding(): boolean {
    return this.inbox.length > 0;
  }

  /** True while this client has not read `limits.backpressureBytes` or more of what it was sent. */
  get unread(): boolean {
    return this.backedUp;
  }

  private inbox: Uint8Array[] = [];
  private deliver: ((data: Uint8Array) => void) | null = null;

  private refill(): void {
    const now = Date.now();
    this.tokens = Math.min(
      this.limits.burst,
      this.tokens + ((now - this.lastRefill) / 1000) * this.limits.messagesPerSecond,
    );
    this.lastRefill = now;
  }

  private scheduleDrain(): void {
    if (this.resumeTimer || this.closing) return;
    const wait = this.backedUp
      ? 20
      : Math.max(2, Math.ceil(((1 - this.tokens) / this.limits.messagesPerSecond) * 1000));
    this.resumeTimer = setTimeout(() => {
      this.resumeTimer = null;
      this.drain();
    }, wait);
  }

  /** Delivers waiting messages within the allowance; resumes reading once the inbox is empty. */
  drain(): void {
    if (this.closing) return;
    this.refill();
    while (
      this.inbox.length > 0 &&
      this.tokens >= 1 &&
      this.pending < this.limits.maxPending &&
      !this.backedUp
    ) {
      const next = this.inbox.shift();
      if (!next) break;
      this.tokens -= 1;
      this.pending += 1;
      this.deliver?.(next);
    }
    if (this.inbox.length > 0) {
      if (this.pending < this.limits.maxPending || this.backedUp) this.scheduleDrain();
      // otherwise the room calls drain() after its next batch
    } else if (this.ws.isPaused) {
      this.ws.resume();
    }
  }
}

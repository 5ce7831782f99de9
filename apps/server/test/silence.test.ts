/**
 * The silence procedure's model on a real SQLite file, with a fake clock: the last millisecond
 * of a deadline, a restart across a deadline, the freeze, the roles.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importDocument, openDatabase, Store, type Participant } from '../src/index';
import { Silence, SilenceError, silenceText, type SilenceClock } from '../src/silence';
import { formatZoned, parseZoned } from '../src/zoned-time';
import { SMALL_DRAFT } from './fixtures';

const AGREED = [
  '1. The Ministers welcome the progress made.',
  '',
  '2. The Ministers agree to meet again.',
  '',
].join('\n');

class FakeClock implements SilenceClock {
  constructor(public t: number) {}
  now(): number {
    return this.t;
  }
}

// 26 December 2023, 12 noon by Astana time (UTC+6 then).
const DEADLINE = Date.UTC(2023, 11, 26, 6, 0, 0);

let dir: string;
let store: Store;
let clock: FakeClock;
let silence: Silence;
let chair: Participant;
let secretariat: Participant;
let iran: Participant;
let chn: Participant;
let observer: Participant;
let docId: string;

function open(): void {
  store = new Store(openDatabase(dir));
  silence = new Silence(store, clock);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'accord-silence-'));
  clock = new FakeClock(Date.UTC(2023, 11, 12, 9, 0, 0));
  open();
  const m = store.ensureMeeting('SOC');
  chair = store.addParticipant({ meetingId: m.id, role: 'chair' });
  secretariat = store.addParticipant({ meetingId: m.id, role: 'secretariat' });
  iran = store.addParticipant({ meetingId: m.id, role: 'delegate', delegation: 'IRAN' });
  chn = store.addParticipant({ meetingId: m.id, role: 'delegate', delegation: 'CHN' });
  observer = store.addParticipant({ meetingId: m.id, role: 'observer' });
  const r = importDocument(store, {
    meetingId: m.id,
    text: AGREED,
    symbol: 'MC/2023/DRAFT/7',
    createdBy: null,
  });
  if (!r.ok) throw new Error('import failed');
  docId = r.document.id;
});
afterEach(() => {
  store.db.close();
  rmSync(dir, { recursive: true, force: true });
});

function start(deadlineMs = DEADLINE, by = chair) {
  return silence.start({
    documentId: docId,
    by,
    deadlineMs,
    timeZone: 'Asia/Almaty',
    symbol: 'MC/2023/DEC/7',
    text: silenceText(store, docId, undefined, null),
  });
}

function refused(fn: () => unknown): SilenceError {
  try {
    fn();
  } catch (error) {
    if (error instanceof SilenceError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('zoned time', () => {
  it('reads and writes wall-clock times in a named zone', () => {
    const p = parseZoned('2023-12-26 12:00', 'Asia/Almaty');
    expect(p).toEqual({ ok: true, ms: DEADLINE });
    expect(formatZoned(DEADLINE, 'Asia/Almaty')).toBe('2023-12-26 12:00');
    expect(formatZoned(DEADLINE, 'Europe/Vienna')).toBe('2023-12-26 07:00');
    expect(parseZoned('2023-12-26 12:00', 'Mars/Base').ok).toBe(false);
    expect(parseZoned('26.12.2023 12:00', 'Asia/Almaty').ok).toBe(false);
    // Vienna skips 02:00-03:00 on 31 March 2024.
    expect(parseZoned('2024-03-31 02:30', 'Europe/Vienna').ok).toBe(false);
    expect(parseZoned('2024-03-31 03:30', 'Europe/Vienna')).toEqual({
      ok: true,
      ms: Date.UTC(2024, 2, 31, 1, 30),
    });
  });
});

describe('silence procedure', () => {
  it('starts only on a text without open brackets, listing them by paragraph', () => {
    const m = store.ensureMeeting('SOC');
    const r = importDocument(store, { meetingId: m.id, text: SMALL_DRAFT, createdBy: null });
    if (!r.ok) throw new Error('import failed');
    const e = refused(() =>
      silence.start({
        documentId: r.document.id,
        by: chair,
        deadlineMs: DEADLINE,
        timeZone: 'Asia/Almaty',
        symbol: 'X',
        text: silenceText(store, r.document.id, undefined, null),
      }),
    );
    expect(e.status).toBe(409);
    expect(e.message).toContain('paragraph 1: 2 open brackets');
    expect(silence.current(r.document.id)).toBeNull();
  });

  it('is started by the Chair or the Secretariat only, with a deadline ahead', () => {
    expect(refused(() => start(DEADLINE, iran)).status).toBe(403);
    expect(refused(() => start(DEADLINE, observer)).status).toBe(403);
    expect(refused(() => start(clock.t - 1)).message).toContain('already passed');
    const p = start(DEADLINE, secretariat);
    expect(p).toMatchObject({
      state: 'running',
      symbol: 'MC/2023/DEC/7',
      timeZone: 'Asia/Almaty',
      deadline: '2023-12-26T06:00:00.000Z',
      deadlineLocal: '2023-12-26 12:00',
    });
    expect(refused(() => start()).message).toContain('already runs');
  });

  it('freezes the text while it runs and after adoption, not after a break', () => {
    expect(silence.frozenReason(docId)).toBeNull();
    start();
    expect(silence.frozenReason(docId)).toContain('under silence procedure until 2023-12-26 12:00');
    silence.statement({ documentId: docId, by: chn, text: 'We object.', breaks: true });
    expect(silence.frozenReason(docId)).toBeNull();
  });

  it('records statements without breaking; a break needs a statement and ends the procedure', () => {
    start();
    expect(
      refused(() => silence.statement({ documentId: docId, by: iran, text: '  ', breaks: true }))
        .message,
    ).toContain('written statement');
    expect(
      refused(() => silence.statement({ documentId: docId, by: chair, text: 'x', breaks: true }))
        .status,
    ).toBe(403);
    clock.t += 1000;
    silence.statement({
      documentId: docId,
      by: iran,
      text: 'IRAN joins the consensus with the following interpretative statement.',
      breaks: false,
    });
    expect(silence.current(docId)?.state).toBe('running');
    clock.t += 1000;
    const p = silence.statement({
      documentId: docId,
      by: chn,
      text: 'CHN breaks silence.',
      breaks: true,
    });
    expect(p.state).toBe('broken');
    expect(p.endedAt).toBe(new Date(clock.t).toISOString());
    expect(p.events.map((e) => [e.kind, e.delegation])).toEqual([
      ['started', null],
      ['statement', 'IRAN'],
      ['broken', 'CHN'],
    ]);
    // Back to negotiation: a new procedure can start, the old one stays in the history.
    clock.t += 1000;
    start();
    expect(silence.list(docId).map((x) => x.state)).toEqual(['broken', 'running']);
  });

  it("accepts a break in the deadline's last millisecond", () => {
    start();
    clock.t = DEADLINE - 1;
    const p = silence.statement({ documentId: docId, by: chn, text: 'Objection.', breaks: true });
    expect(p.state).toBe('broken');
    expect(p.endedAt).toBe('2023-12-26T05:59:59.999Z');
    clock.t = DEADLINE + 60_000;
    expect(silence.current(docId)?.state).toBe('broken');
    expect(store.listRevisions(docId).map((r) => r.symbol)).toEqual(['MC/2023/DRAFT/7']);
  });

  it('refuses a break stored at the deadline, and adopts as of the deadline', () => {
    start();
    clock.t = DEADLINE;
    const e = refused(() =>
      silence.statement({ documentId: docId, by: chn, text: 'Objection.', breaks: true }),
    );
    expect(e.message).toContain('too late');
    const p = silence.current(docId);
    expect(p).toMatchObject({
      state: 'adopted',
      endedAt: '2023-12-26T06:00:00.000Z',
      adoptedRevision: 1,
    });
    const rev = store.getRevision(docId, 1);
    expect(rev).toMatchObject({
      symbol: 'MC/2023/DEC/7',
      date: '2023-12-26',
      issuedAt: '2023-12-26T06:00:00.000Z',
      bracketsOpen: 0,
    });
    expect(rev?.notation).toContain('The Ministers welcome the progress made.');
    expect(silence.frozenReason(docId)).toContain(
      'adopted through silence procedure as MC/2023/DEC/7',
    );
    expect(refused(() => start(DEADLINE + 86_400_000)).message).toContain('already adopted');
  });

  it('concludes at the next start a deadline that passed while the server was down, as of the deadline', () => {
    start();
    silence.statement({ documentId: docId, by: iran, text: 'On record.', breaks: false });
    store.db.close();
    clock.t = DEADLINE + 3 * 86_400_000; // three days later
    open();
    expect(silence.concludeDue()).toEqual([docId]);
    expect(silence.concludeDue()).toEqual([]);
    const p = silence.current(docId);
    expect(p?.state).toBe('adopted');
    expect(p?.endedAt).toBe('2023-12-26T06:00:00.000Z');
    expect(p?.events.at(-1)).toMatchObject({ kind: 'adopted', at: '2023-12-26T06:00:00.000Z' });
    expect(store.listRevisions(docId).at(-1)?.issuedAt).toBe('2023-12-26T06:00:00.000Z');
  });

  it('concludes a passed deadline before starting again', () => {
    start();
    clock.t = DEADLINE + 5;
    expect(refused(() => start(DEADLINE + 86_400_000)).message).toContain('already adopted');
    expect(silence.list(docId).map((p) => [p.state, p.endedAt])).toEqual([
      ['adopted', '2023-12-26T06:00:00.000Z'],
    ]);
  });

  it('is extended or withdrawn by the Chair before it ends', () => {
    start();
    expect(
      refused(() => silence.extend({ documentId: docId, by: iran, deadlineMs: DEADLINE + 1 }))
        .status,
    ).toBe(403);
    expect(
      refused(() => silence.extend({ documentId: docId, by: chair, deadlineMs: DEADLINE - 1 }))
        .status,
    ).toBe(400);
    const later = DEADLINE + 86_400_000;
    silence.extend({ documentId: docId, by: chair, deadlineMs: later });
    clock.t = DEADLINE + 1;
    // The old deadline is gone: a break is still in time.
    silence.statement({ documentId: docId, by: iran, text: 'On record.', breaks: false });
    const w = silence.withdraw({ documentId: docId, by: chair, reason: 'consultations continue' });
    expect(w.state).toBe('withdrawn');
    expect(w.events.map((e) => e.kind)).toEqual(['started', 'extended', 'statement', 'withdrawn']);
    expect(w.events[1]?.deadline).toBe(new Date(later).toISOString());
    expect(silence.frozenReason(docId)).toBeNull();
    expect(refused(() => silence.withdraw({ documentId: docId, by: chair })).status).toBe(409);
  });

  it('places a given revision under silence', () => {
    start();
    expect(silence.current(docId)?.revision).toBeNull();
    silence.withdraw({ documentId: docId, by: chair });
    const q = silence.start({
      documentId: docId,
      by: chair,
      deadlineMs: DEADLINE,
      timeZone: 'Asia/Almaty',
      symbol: 'S',
      text: silenceText(store, docId, 0, null),
    });
    expect(q.revision).toBe(0);
    expect(refused(() => silenceText(store, docId, 9, null)).status).toBe(404);
  });
});

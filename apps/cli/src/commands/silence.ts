import { commandOptions, openCommandStore } from '../data-dir';
import type { CliIO } from '../io';

const USAGE = [
  'usage: accord silence start --data DIR --document ID --deadline "2023-12-26 12:00" --tz Asia/Almaty --symbol S [--rev N] [--token T]',
  '       accord silence status --data DIR --document ID [--json]',
  '       accord silence break --data DIR --document ID --token T --statement TEXT',
  '       accord silence statement --data DIR --document ID --token T --statement TEXT',
  '       accord silence extend --data DIR --document ID --deadline "YYYY-MM-DD HH:MM" [--tz ZONE] [--token T]',
  '       accord silence withdraw --data DIR --document ID [--reason TEXT] [--token T]',
].join('\n');

const HELP = [
  'The silence procedure: the text is adopted at the deadline unless a delegation breaks silence.',
  'start places the document (its current text, or revision N) under silence: the deadline is a wall-clock time in the',
  'IANA zone --tz, S the symbol of the adopted text. Only a text without open brackets; the text is frozen while it runs.',
  'break (a delegation, with its written statement) ends it as broken; statement puts one on record without breaking.',
  'start, extend and withdraw act as the Secretariat, or as the Chair or Secretariat whose --token is given.',
  'Works on the data folder of a running accord serve, which tells everyone in the room.',
].join('\n');

const KNOWN: Record<string, readonly string[]> = {
  start: ['data', 'store', 'document', 'deadline', 'tz', 'symbol', 'rev', 'token'],
  status: ['data', 'store', 'document', 'json'],
  break: ['data', 'store', 'document', 'token', 'statement'],
  statement: ['data', 'store', 'document', 'token', 'statement'],
  extend: ['data', 'store', 'document', 'deadline', 'tz', 'token'],
  withdraw: ['data', 'store', 'document', 'reason', 'token'],
};

/** Time left as `3d 4h 05m 10s`. */
function timeLeft(ms: number): string {
  if (ms <= 0) return '0s';
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const parts = [d ? `${d}d` : '', d || h ? `${h}h` : '', `${m}m`, `${s % 60}s`];
  return parts.filter(Boolean).join(' ');
}

/**
 * `accord silence start|status|break|statement|extend|withdraw --data DIR --document ID …`: the
 * silence procedure on the data folder of `accord serve` (see `apps/server/README.md`).
 */
export async function run(args: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = args;
  if (!sub || sub === '--help' || sub === '-h') {
    io.out(`${USAGE}\n${HELP}`);
    return sub ? 0 : 2;
  }
  const known = KNOWN[sub];
  if (!known) {
    io.err(`accord silence: unknown subcommand '${sub}'\n${USAGE}`);
    return 2;
  }
  // --json takes no value.
  const json = rest.includes('--json');
  const values = commandOptions(
    `silence ${sub}`,
    rest.filter((a) => a !== '--json'),
    io,
    USAGE,
    HELP,
    known,
  );
  if (typeof values === 'number') return values;
  const need = (name: string): string | null => {
    const v = values.get(name);
    if (v === undefined || v.trim() === '') {
      io.err(`accord silence ${sub}: --${name} is required\n${USAGE}`);
      return null;
    }
    return v;
  };
  if (!values.has('data') && !values.has('store') && !process.env.ACCORD_STORE) {
    io.err(`accord silence ${sub}: --data is required (or --store URL)\n${USAGE}`);
    return 2;
  }
  const documentRef = need('document');
  if (!documentRef) return 2;
  const required =
    sub === 'start'
      ? ['deadline', 'tz', 'symbol']
      : sub === 'break' || sub === 'statement'
        ? ['token', 'statement']
        : sub === 'extend'
          ? ['deadline']
          : [];
  for (const r of required) if (need(r) === null) return 2;
  const server = await import('@accord/server');
  const opened = await openCommandStore('silence', values, io, USAGE);
  if (typeof opened === 'number') return opened;
  const { db, store, label } = opened;
  try {
    const byId = store.getDocument(documentRef);
    const bySymbol = byId
      ? null
      : (db.prepare('SELECT id FROM documents WHERE symbol = ?').all(documentRef) as Array<{
          id: string;
        }>);
    if (bySymbol && bySymbol.length > 1) {
      io.err(`accord silence: several documents have the symbol '${documentRef}': give the id`);
      return 1;
    }
    const row = byId ?? (bySymbol?.[0] ? store.getDocument(bySymbol[0].id) : null);
    if (!row) {
      io.err(`accord silence: no document '${documentRef}' in ${label}`);
      return 1;
    }
    const silence = new server.Silence(store);
    let by: ReturnType<typeof store.getParticipant> = null;
    const token = values.get('token');
    if (token !== undefined) {
      const secret = opened.secret();
      const payload = server.verifyToken(secret, token.trim().replace(/^.*\/join\//, ''));
      const p = payload ? store.getParticipant(payload.p) : null;
      if (!p || p.meetingId !== row.meetingId || p.revokedAt) {
        io.err(`accord silence: this token is not valid for the meeting of ${row.symbol}`);
        return 1;
      }
      if (p.expiresAt && p.expiresAt <= new Date().toISOString()) {
        io.err(`accord silence: this token expired at ${p.expiresAt}`);
        return 1;
      }
      by = p;
    }
    const deadlineOf = (zone: string): number | null => {
      const r = server.parseZoned(values.get('deadline') ?? '', zone);
      if (!r.ok) {
        io.err(`accord silence ${sub}: --deadline: ${r.error}`);
        return null;
      }
      return r.ms;
    };
    try {
      if (sub === 'start') {
        const zone = values.get('tz') ?? '';
        const deadlineMs = deadlineOf(zone);
        if (deadlineMs === null) return 1;
        const revText = values.get('rev');
        const rev = revText === undefined ? undefined : Number(revText);
        if (rev !== undefined && (!Number.isInteger(rev) || rev < 0)) {
          io.err(`accord silence start: --rev must be a revision number (got '${revText}')`);
          return 2;
        }
        silence.start({
          documentId: row.id,
          by,
          deadlineMs,
          timeZone: zone,
          symbol: values.get('symbol') ?? '',
          text: server.silenceText(store, row.id, rev, null),
        });
      } else if (sub === 'break' || sub === 'statement') {
        if (!by) return 1;
        silence.statement({
          documentId: row.id,
          by,
          text: values.get('statement') ?? '',
          breaks: sub === 'break',
        });
      } else if (sub === 'extend') {
        const zone = values.get('tz') ?? silence.current(row.id)?.timeZone ?? 'UTC';
        const deadlineMs = deadlineOf(zone);
        if (deadlineMs === null) return 1;
        silence.extend({ documentId: row.id, by, deadlineMs, timeZone: zone });
      } else if (sub === 'withdraw') {
        silence.withdraw({ documentId: row.id, by, reason: values.get('reason') });
      }
    } catch (error) {
      if (error instanceof server.SilenceError) {
        io.err(`accord silence ${sub}: ${error.message}${error.hint ? ` (${error.hint})` : ''}`);
        return 1;
      }
      throw error;
    }
    const p = silence.current(row.id);
    if (json) {
      io.out(JSON.stringify(p ? server.silenceJson(silence, p) : null, null, 2));
      return 0;
    }
    if (!p) {
      io.out(`${row.symbol}: no silence procedure`);
      return 0;
    }
    const who = (id: string | null, delegation: string | null) =>
      delegation ?? (id ? (store.getParticipant(id)?.name ?? id) : 'the Secretariat (data folder)');
    const lines = [
      `${row.symbol}: ${p.state}`,
      `symbol\t${p.symbol}`,
      `deadline\t${p.deadlineLocal} ${p.timeZone} (${p.deadline})`,
    ];
    if (p.state === 'running') lines.push(`time left\t${timeLeft(p.deadlineMs - Date.now())}`);
    if (p.revision !== null) lines.push(`text\trevision ${p.revision}`);
    for (const e of p.events) {
      const text = e.text ? `: ${e.text}` : '';
      const deadline =
        e.deadline && e.kind !== 'adopted'
          ? ` until ${server.formatZoned(Date.parse(e.deadline), p.timeZone)} ${p.timeZone}`
          : '';
      const actor = e.kind === 'adopted' ? '' : ` by ${who(e.participantId, e.delegation)}`;
      const adopted =
        e.kind === 'adopted' ? ` as ${p.symbol} (revision ${p.adoptedRevision ?? '?'})` : '';
      lines.push(`${e.kind}\t${e.at}${actor}${deadline}${adopted}${text}`);
    }
    io.out(lines.join('\n'));
    return 0;
  } finally {
    await opened.close();
  }
}

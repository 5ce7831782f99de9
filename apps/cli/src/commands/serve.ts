import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CliIO } from '../io';

/** Parses `--name value` / `--name=value` / `--flag` arguments. */
function flags(
  args: string[],
  booleans: readonly string[],
): { values: Map<string, string>; rest: string[] } {
  const values = new Map<string, string>();
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (!a.startsWith('--')) {
      rest.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (eq > 0) values.set(name, a.slice(eq + 1));
    else if (booleans.includes(name)) values.set(name, 'true');
    else {
      const v = args[i + 1];
      if (v === undefined) throw new RangeError(`--${name} needs a value`);
      values.set(name, v);
      i++;
    }
  }
  return { values, rest };
}

const USAGE =
  'usage: accord serve [--port P] [--host H] [--data DIR | --store postgres://USER@HOST:PORT/DB [--bus redis://HOST:PORT]] [--demo] [--public-url URL]';

/**
 * `accord serve [--port P] [--data DIR] [--demo]`: runs the negotiation server until SIGINT or
 * SIGTERM. The first line on stdout is `accord serve: listening on http://HOST:PORT`; with
 * `--demo`, the demo meeting's join links follow, one per participant. With `--store URL` (or
 * `ACCORD_STORE`), the data is in PostgreSQL, shared with every server given the same URL, and
 * `--bus URL` (or `ACCORD_BUS`) names the Redis that wakes them (else PostgreSQL's NOTIFY).
 */
export async function run(args: string[], io: CliIO): Promise<number> {
  let parsed: ReturnType<typeof flags>;
  try {
    parsed = flags(args, ['demo', 'help']);
  } catch (error) {
    io.err(`accord serve: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, rest } = parsed;
  if (values.has('help')) {
    io.out(USAGE);
    return 0;
  }
  const known = new Set(['port', 'host', 'data', 'store', 'bus', 'demo', 'public-url', 'help']);
  const unknown = [...values.keys()].find((k) => !known.has(k));
  if (unknown || rest.length > 0) {
    io.err(`accord serve: unexpected argument '${unknown ? `--${unknown}` : rest[0]}'\n${USAGE}`);
    return 2;
  }
  const port = Number(values.get('port') ?? '8080');
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    io.err(`accord serve: --port must be a number from 0 to 65535 (got '${values.get('port')}')`);
    return 2;
  }
  const { startServer, ensureDemo, storeTarget, targetLabel } = await import('@accord/server');
  let target: ReturnType<typeof storeTarget>;
  try {
    target = storeTarget(
      { data: values.get('data'), store: values.get('store') },
      process.env,
      './data',
    );
  } catch (error) {
    io.err(`accord serve: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!target) return 2;
  const bus = values.get('bus') ?? process.env.ACCORD_BUS;
  if (bus && target.kind !== 'postgres') {
    io.err(
      `accord serve: --bus needs --store postgres://… (one server on a data folder needs no bus)`,
    );
    return 2;
  }
  const dataDir = target.kind === 'sqlite' ? target.dataDir : null;
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer({
      port,
      host: values.get('host'),
      ...(target.kind === 'sqlite' ? { dataDir: target.dataDir } : { store: target.url }),
      ...(bus ? { bus } : {}),
      publicUrl: values.get('public-url'),
      log: (line) => io.err(line),
    });
  } catch (error) {
    // A damaged, empty or foreign database: say so rather than serve an empty meeting.
    io.err(
      `accord serve: refusing to start: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  }
  const base = values.get('public-url') ?? server.url;
  io.out(`accord serve: listening on ${server.url}`);
  const info = dataDir ? join(dataDir, 'server.json') : null;
  if (info) {
    writeFileSync(
      info,
      `${JSON.stringify({ url: base, pid: process.pid, startedAt: new Date().toISOString() })}\n`,
    );
    io.out(`accord serve: data in ${targetLabel(target)} (SQLite, WAL)`);
  } else {
    io.out(
      `accord serve: data in ${targetLabel(target)} (PostgreSQL, shared), woken by ${bus ? `Redis at ${bus}` : 'PostgreSQL NOTIFY'}`,
    );
  }
  if (values.has('demo')) {
    const demo = ensureDemo(server.store, server.hub.secret, base);
    for (const e of demo.errors) io.err(`accord serve: demo draft not imported: ${e}`);
    const docs = server.store.listDocuments(demo.meetingId);
    io.out(`\nDemo meeting "SWG, 13-14 June 2023" (${docs.length} documents). Join links:`);
    for (const inv of demo.invitations) {
      const who = inv.participant.delegation ?? inv.participant.name;
      io.out(`  ${who.padEnd(12)} ${inv.joinLink}`);
    }
    io.out('');
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  io.err('accord serve: stopping (every change is stored)');
  await server.close();
  if (info) rmSync(info, { force: true });
  return 0;
}

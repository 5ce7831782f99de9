// The PostgreSQL thread of a server or command on `--store postgres://…` (see pg.ts).
// Connections: `sync` runs the statements the main thread waits for (it sleeps on a shared flag
// until the answer is posted on its port), `log` runs the asynchronous transactions in the order
// asked (appends to the update log, compactions), three `read` connections take the asynchronous
// reads as they come, the rooms' own first (see the lanes below), `listen` receives NOTIFY.
// Plain JavaScript so that it runs in a worker thread without a TypeScript loader.
import { Buffer } from 'node:buffer';
import { parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';

// Ids and milliseconds are BIGINT: numbers (exact up to 2^53), as SQLite gives them.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

const { url, flag, port } = workerData;
const OPTIONS = {
  connectionString: url,
  connectionTimeoutMillis: 5000,
  statement_timeout: 30_000,
  query_timeout: 35_000,
  application_name: 'accord',
};

/** A connection made on first use and made again after it failed. */
function lazyClient(name) {
  let client = null;
  let connecting = null;
  const drop = () => {
    const c = client;
    client = null;
    connecting = null;
    if (c) c.end().catch(() => {});
  };
  return {
    async get() {
      if (client) return client;
      if (!connecting) {
        const c = new pg.Client(OPTIONS);
        c.on('error', () => {
          if (client === c) drop();
        });
        connecting = c.connect().then(
          () => {
            client = c;
            connecting = null;
            return c;
          },
          (error) => {
            connecting = null;
            c.end().catch(() => {});
            throw error;
          },
        );
      }
      return connecting;
    },
    drop,
    name,
  };
}

const sync = lazyClient('sync');
const log = lazyClient('log');
// Reads (of the log, of a room's state, the frozen check) have no order among themselves: a few
// connections take them as they come, so a read never waits behind more than the reads running.
const reads = [lazyClient('read0'), lazyClient('read1'), lazyClient('read2')];

/** Buffers cross the thread boundary as Uint8Array: back to Buffer for pg. */
function params(list) {
  return (list ?? []).map((p) =>
    p instanceof Uint8Array && !Buffer.isBuffer(p) ? Buffer.from(p) : p,
  );
}

function failure(error) {
  return {
    ok: false,
    error: error instanceof Error ? error.message : String(error),
    code: error && typeof error === 'object' && 'code' in error ? error.code : undefined,
  };
}

/** Connection failures (not statement errors) make the connection again next time. */
function lost(error) {
  const code = error && typeof error === 'object' ? error.code : undefined;
  return (
    !code ||
    /^(ECONN|EPIPE|ETIMEDOUT|ENOTFOUND|57P|08)/.test(String(code)) ||
    /Connection terminated|not queryable/.test(String(error?.message))
  );
}

async function query(conn, sql, values) {
  const client = await conn.get();
  try {
    const r = await client.query({ text: sql, values: params(values) });
    // A multi-statement exec answers with an array of results.
    const last = Array.isArray(r) ? r[r.length - 1] : r;
    return { rows: last?.rows ?? [], rowCount: last?.rowCount ?? 0 };
  } catch (error) {
    if (lost(error)) conn.drop();
    throw error;
  }
}

/** Statements in one transaction; each step's rows. */
async function transaction(conn, steps) {
  const client = await conn.get();
  const out = [];
  try {
    await client.query('BEGIN');
    for (const s of steps) {
      const r = await client.query({ text: s.sql, values: params(s.params) });
      out.push(r.rows);
    }
    await client.query('COMMIT');
    return out;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    if (lost(error)) conn.drop();
    throw error;
  }
}

// The asynchronous statements run one after the other, in the order asked.
let tail = Promise.resolve();
// Reads run on their own connections, so a read never waits behind a commit. Two lanes: `live`
// (what the rooms wait for: a room's load, the frozen check, the log's reads) goes first;
// `lookup` (a connection's token and document, HTTP requests, the watches) takes the rest but
// never the last idle connection, so a storm of connections (or a lookup stuck on a lock) does
// not hold up the live rooms' reads.
const liveQueue = [];
const lookupQueue = [];
const idle = [...reads];
let readsRunning = 0;
let lookupsRunning = 0;
function runReads() {
  for (;;) {
    if (idle.length === 0) return;
    let job = liveQueue.shift();
    let lookup = false;
    if (!job && lookupsRunning < reads.length - 1) {
      job = lookupQueue.shift();
      lookup = job !== undefined;
    }
    if (!job) return;
    const conn = idle.pop();
    readsRunning += 1;
    if (lookup) lookupsRunning += 1;
    job(conn).finally(() => {
      readsRunning -= 1;
      if (lookup) lookupsRunning -= 1;
      idle.push(conn);
      runReads();
      if (readsRunning === 0 && liveQueue.length === 0 && lookupQueue.length === 0)
        for (const w of drained.splice(0)) w();
    });
  }
}
const drained = [];
/** Resolves once no read is queued or running. */
function readsDone() {
  if (readsRunning === 0 && liveQueue.length === 0 && lookupQueue.length === 0)
    return Promise.resolve();
  return new Promise((resolve) => drained.push(resolve));
}
function queueRead(lane, run, reply) {
  (lane === 'lookup' ? lookupQueue : liveQueue).push((conn) => run(conn).then(...reply));
  runReads();
}

let listening = null;
async function listen(channels) {
  if (listening) return;
  listening = channels;
  let delay = 100;
  for (;;) {
    const c = new pg.Client(OPTIONS);
    try {
      await c.connect();
      for (const channel of channels) await c.query(`LISTEN ${channel}`);
      delay = 100;
      parentPort.postMessage({ type: 'listening' });
      c.on('notification', (n) =>
        parentPort.postMessage({ type: 'notify', channel: n.channel, payload: n.payload }),
      );
      await new Promise((resolve) => {
        c.on('error', resolve);
        c.on('end', resolve);
      });
    } catch {
      // PostgreSQL down: try again, and let the poll keep the servers in step meanwhile.
    }
    c.end().catch(() => {});
    parentPort.postMessage({ type: 'unlistened' });
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 2000);
  }
}

parentPort.on('message', (m) => {
  if (m.type === 'sync') {
    query(sync, m.sql, m.params).then(
      (r) => answer({ ok: true, ...r }),
      (error) => answer(failure(error)),
    );
    return;
  }
  if (m.type === 'listen') {
    void listen(m.channels);
    return;
  }
  if (m.type === 'close') {
    Promise.allSettled([tail, readsDone()]).then(() => {
      sync.drop();
      log.drop();
      for (const r of reads) r.drop();
      parentPort.postMessage({ type: 'closed' });
    });
    return;
  }
  const reply = [
    (result) => parentPort.postMessage({ type: 'done', id: m.id, ok: true, result }),
    (error) => parentPort.postMessage({ type: 'done', id: m.id, ...failure(error) }),
  ];
  if (m.type === 'tx') tail = tail.then(() => transaction(log, m.steps)).then(...reply);
  else if (m.type === 'readtx') queueRead(m.lane, (conn) => transaction(conn, m.steps), reply);
  else queueRead(m.lane, (conn) => query(conn, m.sql, m.params), reply);
});

function answer(message) {
  port.postMessage(message);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}

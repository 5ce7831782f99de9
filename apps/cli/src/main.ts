/**
 * The `accord` command: dispatches to one module per command.
 *
 * Each command module exports `run(args, io)` and returns the process exit code. Commands are
 * loaded on demand so that `accord fmt` does not load the server or the DOCX writer.
 */
import type { CommandModule } from './io';
import { nodeIO } from './io';

const COMMANDS: Record<string, { summary: string; load: () => Promise<CommandModule> }> = {
  report: {
    summary: 'report FILE [--json]: paragraphs, brackets, delegations',
    load: () => import('./commands/report'),
  },
  lint: { summary: 'lint FILE: check the notation', load: () => import('./commands/lint') },
  resolve: {
    summary: 'resolve FILE [--accept N]… [--delete N]… [--choose N]…',
    load: () => import('./commands/resolve'),
  },
  clean: {
    summary: 'clean FILE [--as CODE | --accept-all | --delete-all]',
    load: () => import('./commands/clean'),
  },
  fmt: { summary: 'fmt FILE: print the canonical notation', load: () => import('./commands/fmt') },
  serve: {
    summary: 'serve [--port P] [--data DIR | --store URL [--bus URL]] [--demo]: run the server',
    load: () => import('./commands/serve'),
  },
  invite: {
    summary: 'invite (--data DIR | --store URL) --meeting M --role ROLE [--delegation CODE]',
    load: () => import('./commands/invite'),
  },
  import: {
    summary: 'import FILE --data DIR --meeting M [--symbol S]',
    load: () => import('./commands/import'),
  },
  participants: {
    summary: 'participants --data DIR --meeting M: id, role, delegation, name, state',
    load: () => import('./commands/participants'),
  },
  profile: {
    summary: 'profile (--data DIR | --store URL) --meeting M [--set FILE|plain|cica]',
    load: () => import('./commands/profile'),
  },
  revoke: {
    summary: 'revoke --data DIR (--participant ID | --token TOKEN)',
    load: () => import('./commands/revoke'),
  },
  check: {
    summary: 'check --data DIR: the database check accord serve runs before it starts',
    load: () => import('./commands/check'),
  },
  backup: {
    summary: 'backup --data DIR --out FILE: a consistent copy of the database',
    load: () => import('./commands/backup'),
  },
  export: {
    summary:
      'export FILE --format docx|html|txt [--symbol S] [--rev N] [--title T] [--clean] --out PATH',
    load: () => import('./commands/export'),
  },
  compare: {
    summary: 'compare OLD NEW --format docx|html --out PATH',
    load: () => import('./commands/compare'),
  },
  migrate: {
    summary: 'migrate --from DIR|URL --to URL|DIR: copy a store (SQLite ⇄ PostgreSQL) and check it',
    load: () => import('./commands/migrate'),
  },
  silence: {
    summary:
      'silence start|status|break|statement|extend|withdraw --data DIR --document ID …: silence procedure',
    load: () => import('./commands/silence'),
  },
};

function usage(): string {
  const lines = Object.values(COMMANDS).map((c) => `  accord ${c.summary}`);
  return [
    'usage:',
    ...lines,
    '',
    'FILE may be - for standard input, or a .docx.',
    'Commands that read a draft take --alias CODE=CANONICAL; all but import also take --aliases FILE.',
    'Commands that take --data DIR also take --store postgres://USER@HOST:PORT/DB (or ACCORD_STORE).',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const io = nodeIO();
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`accord: unknown command '${name}'\n${usage()}`);
    return 2;
  }
  const mod = await command.load();
  return mod.run(args, io);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`accord: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);

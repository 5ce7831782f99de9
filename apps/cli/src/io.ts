/** Input and output of a command, so that commands can be tested without a child process. */
export interface CliIO {
  /** Writes a line (a newline is added) to standard output. */
  out(text: string): void;
  /** Writes a line (a newline is added) to standard error. */
  err(text: string): void;
  /** Reads a whole file as bytes; `-` reads standard input. */
  readFile(path: string): Promise<Uint8Array>;
}

/** A command module: parses its own arguments and returns the exit code. */
export interface CommandModule {
  run(args: string[], io: CliIO): Promise<number>;
}

/** The real process's input and output. */
export function nodeIO(): CliIO {
  return {
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    readFile: async (path) => {
      const { readFile } = await import('node:fs/promises');
      if (path === '-') {
        const chunks: Buffer[] = [];
        for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
        return new Uint8Array(Buffer.concat(chunks));
      }
      return new Uint8Array(await readFile(path));
    },
  };
}

export type { CliIO, CommandModule } from './io';

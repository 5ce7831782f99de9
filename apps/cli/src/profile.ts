/**
 * Body profiles for `accord export --profile FILE|plain|cica` and `accord profile`: the profiles
 * themselves live in `@accord/docx` (the server prints them too); this reads them from files.
 */
import { builtInProfile, parseProfile, type BodyProfile } from '@accord/docx';
import { UsageError } from './input';
import type { CliIO } from './io';

export type { BodyProfile, DateStyle } from '@accord/docx';
export {
  CICA_PROFILE,
  PLAIN_PROFILE,
  formatProfileDate,
  profileOptions,
  symbolMatches,
} from '@accord/docx';

/** The profile named by `--profile`: `cica` (default), `plain`, or a JSON file. */
export async function readProfile(spec: string | undefined, io: CliIO): Promise<BodyProfile> {
  if (spec === undefined) return builtInProfile('cica')!;
  const builtIn = builtInProfile(spec);
  if (builtIn) return builtIn;
  let text: string;
  try {
    text = new TextDecoder('utf-8').decode(await io.readFile(spec));
  } catch {
    throw new UsageError(`cannot read the profile '${spec}' (give cica, plain or a JSON file)`);
  }
  const r = parseProfile(text, spec);
  if (!r.ok) throw new UsageError(r.error);
  return r.profile;
}

import { CICA_PROFILE, parseProfile } from '@accord/docx';
import { commandOptions, openCommandStore } from '../data-dir';
import type { CliIO } from '../io';

const USAGE =
  'usage: accord profile (--data DIR | --store URL) --meeting M [--set FILE|plain|cica]';
const HELP =
  "Names the body profile a meeting's Word and HTML exports are printed with: the body's names (the letterhead), the symbol pattern, the distribution line and the date style (see docs/guide-secretariat.md). Without --set, prints the meeting's profile as JSON. --set cica goes back to the default.";

/**
 * `accord profile --data DIR --meeting M [--set FILE|plain|cica]`: shows or sets the body profile
 * of a meeting (by name or id). The server prints every Word and HTML export of the meeting's
 * documents (live text, revisions, clean text, comparisons) with it. Works while `accord serve`
 * runs on DIR; the next export uses the new profile.
 */
export async function run(args: string[], io: CliIO): Promise<number> {
  const values = commandOptions('profile', args, io, USAGE, HELP, [
    'data',
    'store',
    'meeting',
    'set',
  ]);
  if (typeof values === 'number') return values;
  const meetingName = values.get('meeting');
  if (!meetingName) {
    io.err(`accord profile: --meeting is required\n${USAGE}`);
    return 2;
  }
  const spec = values.get('set');
  let profileText: string | null = null;
  if (spec !== undefined && spec !== 'cica') {
    let text = spec;
    if (spec !== 'plain') {
      try {
        text = new TextDecoder('utf-8').decode(await io.readFile(spec));
      } catch {
        io.err(
          `accord profile: cannot read the profile '${spec}' (give cica, plain or a JSON file)`,
        );
        return 2;
      }
    }
    const r = parseProfile(text, spec);
    if (!r.ok) {
      io.err(`accord profile: ${r.error}`);
      return 2;
    }
    profileText = JSON.stringify(r.profile);
  }
  const opened = await openCommandStore('profile', values, io, USAGE);
  if (typeof opened === 'number') return opened;
  const { store, label } = opened;
  try {
    const meeting = store.findMeeting(meetingName);
    if (!meeting) {
      io.err(`accord profile: no meeting '${meetingName}' in ${label}`);
      return 1;
    }
    if (spec !== undefined) {
      store.setMeetingProfile(meeting.id, profileText);
      io.err(
        `accord profile: ${meeting.name} now prints its exports with the ${spec === 'cica' || spec === 'plain' ? spec : `profile of ${spec}`}`,
      );
      return 0;
    }
    const stored = store.meetingProfile(meeting.id);
    io.out(JSON.stringify(stored === null ? CICA_PROFILE : JSON.parse(stored), null, 2));
    return 0;
  } finally {
    await opened.close();
  }
}

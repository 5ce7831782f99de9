/**
 * Intents (issue 13): a delegate's offline work is recorded as intents; when the server refuses
 * one change, the others are replayed through the same rules onto the room's document, and what
 * no longer applies is set aside with a reason. The real headless editor, the real guard.
 */
import { describe, expect, it } from 'vitest';
import {
  addAttribution,
  describeIntent,
  findBracket,
  getAccordState,
  listOpenBrackets,
  pendingIntents,
  proposeAlternative,
  proposeParagraph,
  withdrawAttribution,
} from '../../src/index';
import { delegate } from '../helpers';
import { posOf, select, typeIn } from '../collab-helpers';
import { testRoom } from './room';

const IRAN = delegate('IRAN');
const CHN = delegate('CHN');

const DRAFT =
  '1. We agree to share tools [and know-how] (+IRAN) in the region.\n\n' +
  '2. We welcome the work of volunteers.\n\n' +
  '3. We note the report of the Secretariat.\n';

function bracketOf(c: { e: { state: Parameters<typeof listOpenBrackets>[0] } }, words: string) {
  const b = listOpenBrackets(c.e.state).find((x) => x.text === words);
  if (!b) throw new Error(`no bracket “${words}”`);
  return b.id;
}

describe('intents', () => {
  it('records typing, deleting and stances, one intent per action, typing on in one', () => {
    const r = testRoom(DRAFT);
    const iran = r.join(IRAN);
    r.offline(iran);
    select(iran.e, posOf(iran.e, ' of volunteers'));
    typeIn(iran.e, ' young');
    // Typing on inside one's own new words changes that intent.
    select(iran.e, posOf(iran.e, 'young') + 2);
    typeIn(iran.e, 'u');
    const at = posOf(iran.e, 'report');
    iran.e.dispatch(iran.e.state.tr.delete(at, at + 'report'.length));
    iran.e.run(addAttribution(bracketOf(iran, 'and know-how'), 'tcb'));
    const intents = pendingIntents(iran.e.state);
    expect(intents.map((i) => i.kind)).toEqual(['typed', 'deleted', 'stance']);
    expect(intents.map(describeIntent)).toEqual([
      'Proposed “youung” in paragraph 2',
      'Deleted “report” in paragraph 3',
      'Reservation on “and know-how” in paragraph 1',
    ]);
  });

  it('the issue’s scenario: two offline proposals arrive, the deletion others stand on is set aside', () => {
    const r = testRoom(DRAFT);
    const iran = r.join(IRAN);
    const chn = r.join(CHN);
    r.offline(iran);
    // Offline: two proposals, and the deletion of IRAN's own bracket as plain text.
    select(iran.e, posOf(iran.e, ' of volunteers'));
    typeIn(iran.e, ' young');
    select(iran.e, posOf(iran.e, ' of the Secretariat'));
    typeIn(iran.e, ' annual');
    const know = posOf(iran.e, 'and know-how');
    iran.e.dispatch(iran.e.state.tr.delete(know - 1, know + 'and know-how'.length));
    // Meanwhile CHN supports IRAN's bracket.
    chn.e.run(addAttribution(bracketOf(chn, 'and know-how'), '+'));
    r.reconnect(iran);
    expect(iran.refusals.length).toBe(1);
    const text = r.notation();
    expect(text).toContain('[and know-how] (+IRAN) (+CHN)');
    expect(text).toContain('the work [young] (+IRAN) of volunteers');
    expect(text).toContain('the report [annual] (+IRAN) of the Secretariat');
    expect(iran.setAside.map((s) => describeIntent(s.intent))).toEqual([
      'Deleted “and know-how” in paragraph 1',
    ]);
    expect(iran.setAside[0]!.reason).toBe(
      'CHN now supports this bracket: deleting its words would take theirs.',
    );
    // IRAN's replayed work is its own again: Undo takes back the last proposal.
    const before = r.notation();
    iran.e.undoManager.undo();
    expect(r.notation()).not.toBe(before);
    expect(r.notation()).not.toContain('annual');
    expect(iran.refusals.length).toBe(1);
  });

  it('sets aside a stance on a bracket the Chair deleted meanwhile', () => {
    const r = testRoom(
      '1. We agree [to meet] (+CHN) [yearly] (+TUR) in Astana [and online] (+IRAN).\n',
    );
    const iran = r.join(IRAN);
    const chn = r.join(CHN);
    r.offline(iran);
    iran.e.run(addAttribution(bracketOf(iran, 'to meet'), '-'));
    iran.e.run(addAttribution(bracketOf(iran, 'yearly'), '+'));
    const own = posOf(iran.e, 'and online');
    iran.e.dispatch(iran.e.state.tr.delete(own - 1, own + 'and online'.length));
    // CHN withdraws its own proposal (its words go) and objects to IRAN's.
    chn.e.run(withdrawAttribution(bracketOf(chn, 'to meet'), '+'));
    chn.e.run(addAttribution(bracketOf(chn, 'and online'), '-'));
    expect(r.notation()).not.toContain('to meet');
    r.reconnect(iran);
    expect(iran.refusals).toHaveLength(1);
    expect(r.notation()).toContain('[yearly] (+TUR) (+IRAN)');
    expect(r.notation()).toContain('[and online] (+IRAN) (-CHN)');
    expect(iran.setAside.map((s) => describeIntent(s.intent))).toEqual([
      'Objection on “to meet” in paragraph 1',
      'Deleted “and online” in paragraph 1',
    ]);
    expect(iran.setAside[0]!.reason).toMatch(/no longer in the text/);
    expect(iran.setAside[1]!.reason).toBe(
      'CHN now objects to this bracket: deleting its words would take theirs.',
    );
  });

  it('replays an alternative and a proposed paragraph, with the words typed into them', () => {
    const r = testRoom(DRAFT);
    const iran = r.join(IRAN);
    const chn = r.join(CHN);
    r.offline(iran);
    iran.e.run(proposeAlternative(bracketOf(iran, 'and know-how')));
    typeIn(iran.e, 'and skills');
    select(iran.e, posOf(iran.e, 'Secretariat.') + 'Secretariat.'.length);
    iran.e.run(proposeParagraph);
    typeIn(iran.e, 'We thank the host.');
    // A conflicting change made offline: objecting to words CHN deletes meanwhile... as text.
    const w = posOf(iran.e, 'welcome');
    iran.e.dispatch(iran.e.state.tr.delete(w, w + 'welcome'.length));
    select(chn.e, posOf(chn.e, 'welcome'), posOf(chn.e, 'welcome') + 'welcome'.length);
    typeIn(chn.e, 'x');
    r.reconnect(iran);
    const text = r.notation();
    expect(text).toContain('[and know-how] (+IRAN)/[and skills] (+IRAN)');
    expect(text).toContain('[We thank the host.] (+IRAN)');
    for (const s of iran.setAside) expect(s.reason).toBeTruthy();
    expect(iran.refusals.length).toBeLessThanOrEqual(1);
  });

  it('nothing pending after the room has it (confirmed intents are not replayed twice)', () => {
    const r = testRoom(DRAFT);
    const iran = r.join(IRAN);
    select(iran.e, posOf(iran.e, ' of volunteers'));
    typeIn(iran.e, ' young');
    const once = r.notation();
    r.offline(iran);
    select(iran.e, posOf(iran.e, ' of the Secretariat'));
    typeIn(iran.e, ' annual');
    // A refused offline change: removing CHN's stance is forged below by deleting text CHN stands on.
    const chn = r.join(CHN);
    chn.e.run(addAttribution(bracketOf(chn, 'and know-how'), '-'));
    const know = posOf(iran.e, 'and know-how');
    iran.e.dispatch(iran.e.state.tr.delete(know - 1, know + 'and know-how'.length));
    r.reconnect(iran);
    const text = r.notation();
    expect(once).toContain('[young] (+IRAN)');
    expect(text.match(/young/g)).toHaveLength(1);
    expect(text).toContain('[annual] (+IRAN)');
    expect(iran.setAside.map((s) => s.intent.kind)).toEqual(['deleted']);
    const loc = findBracket(
      iran.e.state.doc,
      getAccordState(iran.e.state).side,
      bracketOf(iran, 'and know-how'),
    );
    expect(loc).not.toBeNull();
  });
});

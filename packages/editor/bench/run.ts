/**
 * Editor benchmark: a generated 200-page draft with 5,000 brackets; conversion, state creation
 * with decorations, keystrokes (bracket mode and free typing) with and without the Yjs binding,
 * seeding, reading back, and the server guard per keystroke update.
 *
 * Run: `pnpm --filter @accord/editor bench` (or `npx tsx bench/run.ts [--quick]`).
 */
import { EditorState, TextSelection, type Transaction } from 'prosemirror-state';
import * as Y from 'yjs';
import {
  accordSchema,
  accordStatePlugin,
  bracketDecorationsKey,
  bracketDecorationsPlugin,
  bracketModePlugin,
  createHeadlessEditor,
  createUpdateGuard,
  draftToDoc,
  listOpenBrackets,
  readDraft,
  seedYDoc,
  type Actor,
} from '../src/index';
import { generateDraft } from './generate';

const quick = process.argv.includes('--quick');
const KEYS = quick ? 100 : 500;

function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const v = fn();
  return [v, performance.now() - t0];
}

function stats(samples: number[]): { median: number; p95: number; max: number } {
  const s = samples.slice().sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { median: at(0.5), p95: at(0.95), max: s[s.length - 1]! };
}

const fmt = (n: number) => n.toFixed(n < 10 ? 3 : 1);
const rows: string[] = [];
const row = (what: string, value: string) => {
  rows.push(`| ${what} | ${value} |`);
  console.log(`${what}: ${value}`);
};

const delegate: Actor = { role: 'delegate', delegation: 'IRAN', participantId: 'bench-iran' };
const chair: Actor = { role: 'chair', delegation: null, participantId: 'bench-chair' };

const [draft, tGen] = time(() => generateDraft());
const [conv, tConv] = time(() => draftToDoc(draft));
const chars = conv.doc.textContent.length;
row(
  'generated draft',
  `${draft.paragraphs.length} paragraphs, ${conv.brackets.size} brackets, ${chars.toLocaleString('en')} characters (~${Math.round(chars / 3500)} pages), generated in ${fmt(tGen)} ms`,
);
row('core → ProseMirror conversion (draftToDoc)', `${fmt(tConv)} ms`);

function makeState(actor: Actor): EditorState {
  return EditorState.create({
    doc: conv.doc,
    schema: accordSchema,
    plugins: [
      accordStatePlugin({ actor, side: conv.side }),
      bracketModePlugin(),
      bracketDecorationsPlugin(),
    ],
  });
}
const [s0, tState] = time(() => makeState(delegate));
row(
  'EditorState.create with bracket mode + decorations',
  `${fmt(tState)} ms (${bracketDecorationsKey.getState(s0)!.find().length} decorations)`,
);

// Keystrokes at random places in the middle of paragraphs.
function keystrokes(start: EditorState, n: number): number[] {
  let st = start;
  const samples: number[] = [];
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  for (let i = 0; i < n; i++) {
    if (i % 10 === 0) {
      const block = Math.floor(rnd() * st.doc.childCount);
      let pos = 0;
      for (let k = 0; k < block; k++) pos += st.doc.child(k).nodeSize;
      pos += 1 + Math.floor(st.doc.child(block).content.size / 2);
      st = st.apply(st.tr.setSelection(TextSelection.create(st.doc, pos)));
    }
    const t0 = performance.now();
    const tr: Transaction = st.tr.insertText('x');
    st = st.apply(tr);
    bracketDecorationsKey.getState(st);
    samples.push(performance.now() - t0);
  }
  return samples;
}
for (let i = 0; i < 50; i++) keystrokes(s0, 2); // warm-up
const kd = stats(keystrokes(s0, KEYS));
row(
  'keystroke, delegate (bracket mode + decorations), no Yjs',
  `median ${fmt(kd.median)} ms, p95 ${fmt(kd.p95)} ms, max ${fmt(kd.max)} ms (${KEYS} keys)`,
);
const kc = stats(keystrokes(makeState(chair), KEYS));
row(
  'keystroke, Chair (free typing + decorations), no Yjs',
  `median ${fmt(kc.median)} ms, p95 ${fmt(kc.p95)} ms`,
);

// Deletions in bracket mode (agreed text becomes -IRAN).
{
  let st = s0;
  const samples: number[] = [];
  for (let i = 0; i < KEYS; i++) {
    if (i % 10 === 0) {
      const block = (i * 37) % st.doc.childCount;
      let pos = 0;
      for (let k = 0; k < block; k++) pos += st.doc.child(k).nodeSize;
      st = st.apply(st.tr.setSelection(TextSelection.create(st.doc, pos + 12)));
    }
    const t0 = performance.now();
    const from = st.selection.from;
    st = st.apply(st.tr.delete(from - 1, from));
    samples.push(performance.now() - t0);
  }
  const k = stats(samples);
  row(
    'backspace on agreed text, delegate (objection bracket)',
    `median ${fmt(k.median)} ms, p95 ${fmt(k.p95)} ms`,
  );
}

// Yjs: seed, read back, headless editor with y-prosemirror.
const ydoc = new Y.Doc();
const [, tSeed] = time(() => seedYDoc(ydoc, draft));
const size = Y.encodeStateAsUpdate(ydoc).length;
row('seedYDoc', `${fmt(tSeed)} ms (state ${(size / 1024).toFixed(0)} KiB)`);
const [, tRead] = time(() => readDraft(ydoc));
readDraft(ydoc);
const [, tRead3] = time(() => readDraft(ydoc));
row('readDraft', `first call ${fmt(tRead)} ms, warm ${fmt(tRead3)} ms`);
const server = new Y.Doc();
Y.applyUpdate(server, Y.encodeStateAsUpdate(ydoc));
const [guard, tGuard] = time(() => createUpdateGuard(server));
row('createUpdateGuard (shadow copy + paragraph snapshots)', `${fmt(tGuard)} ms`);

const [editor, tEditor] = time(() => createHeadlessEditor({ ydoc, actor: delegate }));
row(
  'headless editor bound to the Y.Doc (first render)',
  `${fmt(tEditor)} ms, ${listOpenBrackets(editor.state).length} open brackets`,
);
{
  const updates: Uint8Array[] = [];
  ydoc.on('update', (u: Uint8Array) => updates.push(u));
  const samples: number[] = [];
  const guardSamples: number[] = [];
  for (let i = 0; i < KEYS; i++) {
    if (i % 10 === 0) {
      const st = editor.state;
      const block = (i * 53) % st.doc.childCount;
      let pos = 0;
      for (let k = 0; k < block; k++) pos += st.doc.child(k).nodeSize;
      editor.dispatch(
        st.tr.setSelection(
          TextSelection.create(st.doc, pos + 1 + Math.floor(st.doc.child(block).content.size / 2)),
        ),
      );
    }
    updates.length = 0;
    const t0 = performance.now();
    editor.dispatch(editor.state.tr.insertText('y'));
    samples.push(performance.now() - t0);
    for (const u of updates) {
      const g0 = performance.now();
      const verdict = guard.check(u, delegate);
      guardSamples.push(performance.now() - g0);
      if (!verdict.ok) throw new Error(`guard refused a bracket-mode keystroke: ${verdict.reason}`);
      Y.applyUpdate(server, u);
    }
  }
  const k = stats(samples);
  row(
    'keystroke, delegate, with ySyncPlugin writing to the Y.Doc',
    `median ${fmt(k.median)} ms, p95 ${fmt(k.p95)} ms`,
  );
  const g = stats(guardSamples);
  row(
    'guard.check per keystroke update (server)',
    `median ${fmt(g.median)} ms, p95 ${fmt(g.p95)} ms (${guardSamples.length} updates, all accepted)`,
  );
}
editor.destroy();
guard.destroy();
if (global.gc) global.gc();
row('heap used at the end', `${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`);
console.log('\n' + rows.join('\n'));

import { EditorState } from 'prosemirror-state';
import {
  accordSchema,
  accordStatePlugin,
  bracketDecorationsPlugin,
  bracketModePlugin,
  draftToDoc,
} from '../src/index';
import { generateDraft } from './generate';
const conv = draftToDoc(generateDraft());
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  EditorState.create({
    doc: i === 0 ? conv.doc : draftToDoc(generateDraft()).doc,
    schema: accordSchema,
    plugins: [
      accordStatePlugin({
        actor: { role: 'delegate', delegation: 'IRAN', participantId: 'x' },
        side: conv.side,
      }),
      bracketModePlugin(),
      bracketDecorationsPlugin(),
    ],
  });
  console.log('create', performance.now() - t);
}

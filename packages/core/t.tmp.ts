import { parse, serialize, resolve, docsEqual } from './src/index';
for (const src of [
  'a [x **(SCADA)** [y]] b',
  'a [x **S** [[]. (-IRAN)]] b',
  'a [[[*and* [v] (-TUR) volunteers,] (+chn) (-CHAIR) **(SCADA)** [[]. (-IRAN) (+chn) (-chn)]] 2030 (see annex I)] b',
]) {
  const r = parse(src);
  if (!r.ok) throw 0;
  for (let n = 1; n <= 6; n++)
    for (const action of ['delete', 'accept'] as const) {
      const x = resolve(r.doc, [{ action, n }]);
      if (!x.ok) continue;
      const s = serialize(x.doc);
      const y = parse(s);
      if (!y.ok) {
        console.log('bad', s);
        continue;
      }
      if (!docsEqual(x.doc, y.doc)) {
        console.log(src, action, n, s);
        console.log(JSON.stringify(x.doc.paragraphs[0].content));
        console.log(JSON.stringify(y.doc.paragraphs[0].content));
      }
    }
}

import { readFileSync } from 'node:fs';
import { parse, serialize } from '@accord/core';
const r = parse(readFileSync('../../fixtures/drafts/CBM-catalogue-2021.txt', 'utf8'));
if (r.ok)
  console.log(
    serialize(r.doc)
      .split('\n')
      .filter((l) => l.includes('['))
      .join('\n'),
  );

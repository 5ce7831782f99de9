import { describe, expect, it } from 'vitest';
import { parseRoute, routePath } from '../src/app/router';
import type { Route } from '../src/app/router';

describe('routes', () => {
  it('parses every route and prints it back', () => {
    const routes: Route[] = [
      { name: 'home' },
      { name: 'join', token: 'abc.def-_' },
      { name: 'meeting', meeting: 'swg-2023' },
      { name: 'document', meeting: 'swg 2023', document: 'd1', projector: false },
      { name: 'document', meeting: 'm', document: 'd/2', projector: true },
      { name: 'revision', meeting: 'm', document: 'd1', n: 2 },
      { name: 'compare', meeting: 'm', document: 'd1', from: 1, to: 2 },
      { name: 'compare', meeting: 'm', document: 'd1', from: 2, to: 'current' },
    ];
    for (const r of routes) expect(parseRoute(routePath(r))).toEqual(r);
  });

  it('refuses a revision that is not a number', () => {
    expect(parseRoute('/m/m/d/d1/rev/x').name).toBe('not-found');
    expect(parseRoute('/m/m/d/d1/compare/1/two').name).toBe('not-found');
  });

  it('keeps a join token with dots and dashes intact', () => {
    expect(parseRoute('/join/eyJwIjoiMSJ9.c2ln-_x')).toEqual({
      name: 'join',
      token: 'eyJwIjoiMSJ9.c2ln-_x',
    });
  });

  it('tolerates trailing slashes and refuses unknown paths', () => {
    expect(parseRoute('/m/x/')).toEqual({ name: 'meeting', meeting: 'x' });
    expect(parseRoute('/m/x/d/y/other')).toEqual({ name: 'not-found', path: '/m/x/d/y/other' });
    expect(parseRoute('/nope')).toEqual({ name: 'not-found', path: '/nope' });
    expect(parseRoute('/join')).toEqual({ name: 'not-found', path: '/join' });
  });
});

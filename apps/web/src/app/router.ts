/**
 * A small client-side router over the History API, read as an external store.
 *
 * The app has few routes, so a parser of the path into a typed {@link Route} is clearer than a
 * router library:
 *
 * - `/` — home: the meetings this browser has joined, and a box to paste a join link or token;
 * - `/join/<token>` — store the token, then go to its meeting;
 * - `/m/<meeting>` — the meeting's documents;
 * - `/m/<meeting>/d/<document>` — the negotiation room for one document;
 * - `/m/<meeting>/d/<document>/projector` — the projector view of that document;
 * - `/m/<meeting>/d/<document>/rev/<n>` — revision `n` of that document, read-only;
 * - `/m/<meeting>/d/<document>/compare/<from>/<to>` — two revisions (or `current`) compared.
 */
import { useSyncExternalStore } from 'react';

/** Where the app is, parsed from `location.pathname`. */
export type Route =
  | { readonly name: 'home' }
  | { readonly name: 'join'; readonly token: string }
  | { readonly name: 'meeting'; readonly meeting: string }
  | {
      readonly name: 'document';
      readonly meeting: string;
      readonly document: string;
      readonly projector: boolean;
    }
  | {
      readonly name: 'revision';
      readonly meeting: string;
      readonly document: string;
      readonly n: number;
    }
  | {
      readonly name: 'compare';
      readonly meeting: string;
      readonly document: string;
      readonly from: number | 'current';
      readonly to: number | 'current';
    }
  | { readonly name: 'not-found'; readonly path: string };

/** A revision number or `current` in a path, or null. */
function revisionOf(part: string | undefined): number | 'current' | null {
  if (part === 'current') return 'current';
  return part !== undefined && /^\d+$/.test(part) ? Number(part) : null;
}

/** Parses a path such as `/m/swg-2023/d/abc123` into a {@link Route}. */
export function parseRoute(pathname: string): Route {
  const parts = pathname
    .split('/')
    .filter((p) => p !== '')
    .map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    });
  if (parts.length === 0) return { name: 'home' };
  if (parts[0] === 'join' && parts.length >= 2) {
    // A token may contain `/` only if it was not URL-encoded; keep everything after /join/.
    return { name: 'join', token: parts.slice(1).join('/') };
  }
  if (parts[0] === 'm' && parts.length === 2) return { name: 'meeting', meeting: parts[1]! };
  if (parts[0] === 'm' && parts[2] === 'd' && parts[4] === 'rev' && parts.length === 6) {
    const n = revisionOf(parts[5]);
    if (typeof n !== 'number') return { name: 'not-found', path: pathname };
    return { name: 'revision', meeting: parts[1]!, document: parts[3]!, n };
  }
  if (parts[0] === 'm' && parts[2] === 'd' && parts[4] === 'compare' && parts.length === 7) {
    const from = revisionOf(parts[5]);
    const to = revisionOf(parts[6]);
    if (from === null || to === null) return { name: 'not-found', path: pathname };
    return { name: 'compare', meeting: parts[1]!, document: parts[3]!, from, to };
  }
  if (parts[0] === 'm' && parts[2] === 'd' && (parts.length === 4 || parts.length === 5)) {
    if (parts.length === 5 && parts[4] !== 'projector')
      return { name: 'not-found', path: pathname };
    return {
      name: 'document',
      meeting: parts[1]!,
      document: parts[3]!,
      projector: parts.length === 5,
    };
  }
  return { name: 'not-found', path: pathname };
}

/** The path of a route; the inverse of {@link parseRoute}. */
export function routePath(route: Route): string {
  const e = encodeURIComponent;
  switch (route.name) {
    case 'home':
      return '/';
    case 'join':
      return `/join/${e(route.token)}`;
    case 'meeting':
      return `/m/${e(route.meeting)}`;
    case 'document':
      return `/m/${e(route.meeting)}/d/${e(route.document)}${route.projector ? '/projector' : ''}`;
    case 'revision':
      return `/m/${e(route.meeting)}/d/${e(route.document)}/rev/${route.n}`;
    case 'compare':
      return `/m/${e(route.meeting)}/d/${e(route.document)}/compare/${route.from}/${route.to}`;
    case 'not-found':
      return route.path;
  }
}

const listeners = new Set<() => void>();

function notify(): void {
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (listeners.size === 1) window.addEventListener('popstate', notify);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) window.removeEventListener('popstate', notify);
  };
}

function getPath(): string {
  return window.location.pathname;
}

/** Goes to `route` (or a path), adding a history entry unless `replace` is set. */
export function navigate(route: Route | string, options: { replace?: boolean } = {}): void {
  const path = typeof route === 'string' ? route : routePath(route);
  if (path === window.location.pathname) return;
  if (options.replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  notify();
}

/** The current route; re-renders when it changes. */
export function useRoute(): Route {
  const path = useSyncExternalStore(subscribe, getPath, () => '/');
  return parseRoute(path);
}

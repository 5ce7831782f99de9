/**
 * What each end-to-end suite sets up the same way: `accord serve` on a fresh data folder and one
 * Chromium for the suite's tests, a Chair invited to the suite's meeting, and the participants
 * who joined (each a browser context), closed after the suite.
 */
import type { Role } from '@accord/contracts';
import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { api, invite, joinMeeting, launchBrowser, startAccord } from './harness';
import type { AccordServer, Participant } from './harness';

/** A role in a meeting (declared once, in @accord/contracts). */
export type { Role };

/** The server, browser and participants of one suite (readable once its `beforeAll` has run). */
export interface Suite {
  readonly server: AccordServer;
  readonly browser: Browser;
  /** The token of the Chair invited when the suite started. */
  readonly chairToken: string;
  /** The participants still open, in the order they joined. */
  readonly opened: readonly Participant[];
  /** Joins the meeting with `token` in a new browser context (closed with the suite). */
  join(token: string): Promise<Participant>;
  /** Invites a new participant with `role` (and `delegation`) and joins with its token. */
  invite(role: Role, delegation?: string): Promise<Participant>;
  /** Closes a participant's browser context. */
  close(p: Participant): Promise<void>;
  /** A document as notation text, exported by the Chair. */
  exportNotation(documentId: string): Promise<string>;
}

/** Registers the suite's `beforeAll` and `afterAll` for `meeting`; returns what they set up. */
export function e2eSuite(meeting: string): Suite {
  let server: AccordServer | undefined;
  let browser: Browser | undefined;
  let chairToken: string | undefined;
  const opened: Participant[] = [];
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new RangeError(`the suite's ${what} is read before beforeAll`);
    return value;
  };
  beforeAll(async () => {
    server = await startAccord();
    browser = await launchBrowser();
    chairToken = (await invite(server, meeting, 'chair')).token;
  });
  afterAll(async () => {
    for (const p of [...opened]) await p.context.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });
  const s: Suite = {
    get server() {
      return ready(server, 'server');
    },
    get browser() {
      return ready(browser, 'browser');
    },
    get chairToken() {
      return ready(chairToken, 'Chair token');
    },
    opened,
    async join(token) {
      const p = await joinMeeting(s.browser, s.server, token);
      opened.push(p);
      return p;
    },
    async invite(role, delegation) {
      return s.join((await invite(s.server, meeting, role, delegation)).token);
    },
    async close(p) {
      await p.context.close();
      opened.splice(opened.indexOf(p), 1);
    },
    exportNotation(documentId) {
      return api<string>(
        s.server,
        s.chairToken,
        `/api/documents/${documentId}/export?format=notation`,
      );
    },
  };
  return s;
}

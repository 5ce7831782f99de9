/** `/`: the meetings this browser has joined, and a box to paste a join link or token. */
import { useState } from 'react';
import type { FormEvent } from 'react';
import { navigate } from '../app/router';
import { listSessions, tokenFromInput } from '../app/session';
import { participantLabel } from '../room/Room';

/** The start page. */
export function HomePage() {
  const [input, setInput] = useState('');
  const sessions = listSessions();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const token = tokenFromInput(input);
    if (token) navigate({ name: 'join', token });
  };
  return (
    <main className="page narrow" data-testid="home-page">
      <h1 className="brand">Accord</h1>
      <p className="lead">The negotiation room for bracketed texts.</p>
      {sessions.length > 0 ? (
        <section aria-labelledby="your-meetings">
          <h2 id="your-meetings">Your meetings</h2>
          <ul className="cards">
            {sessions.map((s) => (
              <li key={s.meeting}>
                <a
                  className="card"
                  href={`/m/${encodeURIComponent(s.meeting)}`}
                  onClick={(e) => {
                    e.preventDefault();
                    navigate({ name: 'meeting', meeting: s.meeting });
                  }}
                >
                  <strong>{s.meetingName}</strong>
                  <span className="muted"> — as {participantLabel(s.role, s.delegation)}</span>
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="join-heading">
        <h2 id="join-heading">Join a meeting</h2>
        <form onSubmit={submit} className="row">
          <label htmlFor="join-input" className="sr-only">
            Join link or token
          </label>
          <input
            id="join-input"
            className="grow"
            value={input}
            onChange={(e) => setInput(e.target.value)}
            placeholder="Paste the join link or token the Secretariat sent you"
            autoFocus
          />
          <button type="submit" className="primary" disabled={!input.trim()}>
            Join
          </button>
        </form>
      </section>
    </main>
  );
}

/** The app: one page per route. */
import { useRoute } from './router';
import { HomePage } from '../pages/HomePage';
import { JoinPage } from '../pages/JoinPage';
import { MeetingPage } from '../pages/MeetingPage';
import { DocumentPage } from '../pages/DocumentPage';
import { RevisionPage } from '../pages/RevisionPage';
import { ComparePage } from '../pages/ComparePage';

/** The whole web app. */
export function App() {
  const route = useRoute();
  switch (route.name) {
    case 'home':
      return <HomePage />;
    case 'join':
      return <JoinPage token={route.token} />;
    case 'meeting':
      return <MeetingPage meeting={route.meeting} />;
    case 'document':
      return (
        <DocumentPage
          key={`${route.meeting}/${route.document}`}
          meeting={route.meeting}
          document={route.document}
          projector={route.projector}
        />
      );
    case 'revision':
      return (
        <RevisionPage
          key={`${route.meeting}/${route.document}/${route.n}`}
          meeting={route.meeting}
          document={route.document}
          n={route.n}
        />
      );
    case 'compare':
      return (
        <ComparePage
          key={`${route.meeting}/${route.document}`}
          meeting={route.meeting}
          document={route.document}
          from={route.from}
          to={route.to}
        />
      );
    case 'not-found':
      return (
        <main className="page narrow">
          <h1>Page not found</h1>
          <p>
            There is nothing at <code>{route.path}</code>. <a href="/">Go to your meetings</a>.
          </p>
        </main>
      );
  }
}

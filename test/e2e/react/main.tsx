/**
 * The README's React 19 example, built with Vite by the end-to-end tests and type-checked
 * against the package's published types (test/e2e/tsconfig.json). React 19 sets a custom
 * element's properties (`partners`, an array) and listens to its events (`onintake-success`).
 */
import { StrictMode, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { IntakeSuccessEvent, SecondOpinionIntake } from 'second-opinion-intake';
import 'second-opinion-intake/define';
import { setUpLocalization } from 'second-opinion-intake/localization';

// JSX types for the tag: the element's properties, its attributes, and its events.
declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'second-opinion-intake': React.DetailedHTMLProps<
        React.HTMLAttributes<SecondOpinionIntake>,
        SecondOpinionIntake
      > &
        Partial<Pick<SecondOpinionIntake, 'endpoint' | 'organization' | 'partners' | 'locale'>> & {
          'service-country'?: string;
          'privacy-url'?: string;
          theme?: 'light' | 'dark';
          'onintake-success'?: (event: IntakeSuccessEvent) => void;
        };
    }
  }
}

setUpLocalization();

function App() {
  const [reference, setReference] = useState<string>();
  const partners = useMemo(() => ['University Hospital Example', 'Example Heart Centre'], []);
  return (
    <main>
      <h1>Patient portal</h1>
      <second-opinion-intake
        endpoint="/api/second-opinion"
        organization="University Hospital Example"
        service-country="DE"
        partners={partners}
        onintake-success={(event) => setReference(event.detail.reference)}
      />
      {reference && <p id="portal-reference">Your reference: {reference}</p>}
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

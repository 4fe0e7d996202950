import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles.css';

async function boot(): Promise<void> {
  // Dev previews in a plain browser have no preload; the demo bridge stands in. `import.meta.env.DEV`
  // is false in production builds, so this branch and the demo module are dropped from the bundle.
  if (import.meta.env.DEV && !(window as Partial<Window>).signet) {
    const { installDemoBridge } = await import('./dev/demo-bridge');
    installDemoBridge();
  }
  const container = document.getElementById('root');
  if (!container) throw new Error('index.html has no #root element');
  createRoot(container).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

void boot();

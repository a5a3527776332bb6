import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App } from './App';
import { StartupGate } from './components/StartupGate';
import './index.css';
import { ApiError } from './api/client';
import { I18nProvider, currentLocale } from './i18n/i18n';

document.documentElement.lang = currentLocale();

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      refetchOnWindowFocus: false,
      staleTime: 30_000,
      // problems the user must fix (4xx) are not retried
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 1,
    },
  },
});

const root = document.getElementById('root');
if (!root) throw new Error('#root missing');
createRoot(root).render(
  <StrictMode>
    <I18nProvider>
      <QueryClientProvider client={queryClient}>
        <StartupGate>
          <App />
        </StartupGate>
      </QueryClientProvider>
    </I18nProvider>
  </StrictMode>,
);

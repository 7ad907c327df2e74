import { createRoot } from 'react-dom/client';
import { connectApi, launchParams } from './api/connect.ts';
import { App } from './app/App.tsx';

createRoot(document.getElementById('root')!).render(<App api={connectApi()} launch={launchParams(location.search)} />);

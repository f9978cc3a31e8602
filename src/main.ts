// Mounts the lab's UI and starts the engine worker. Where the host sends no COOP/COEP headers (a plain
// static host), it first installs public/coi-sw.js, which adds them, and reloads once, so that the
// page is cross-origin isolated and the engine worker gets the threaded WASM build.
import { mount } from 'svelte';
import App from './App.svelte';
import { Lab } from './state/lab.svelte';
import './app.css';

/** Set in sessionStorage just before the one reload, so that a failed attempt cannot loop. */
const RELOAD_FLAG = 'codemix-lab:isolation-reload';

/** Resolves true when the page is about to reload under the isolation service worker. */
async function isolateWithServiceWorker(): Promise<boolean> {
  if (crossOriginIsolated) {
    sessionStorage.removeItem(RELOAD_FLAG);
    return false;
  }
  if (!window.isSecureContext || !('serviceWorker' in navigator)) return false;
  const base = import.meta.env.BASE_URL;
  let registration: ServiceWorkerRegistration | undefined;
  try {
    registration = await navigator.serviceWorker.register(`${base}coi-sw.js`, { scope: base });
  } catch (e) {
    console.warn(`isolation service worker not installed (${(e as Error).message}): WASM runs unthreaded`);
    return false;
  }
  if (navigator.serviceWorker.controller || sessionStorage.getItem(RELOAD_FLAG)) {
    // Controlled (or reloaded once already) and still not isolated: another reload would not help.
    console.warn(
      'the isolation service worker did not make this page cross-origin isolated: WASM runs unthreaded',
    );
    return false;
  }
  if (!(await activated(registration))) return false;
  sessionStorage.setItem(RELOAD_FLAG, String(Date.now()));
  location.reload();
  return true;
}

/** Resolves true once the registration has an active worker; false if it fails, or after 10 s. */
function activated(registration: ServiceWorkerRegistration | undefined): Promise<boolean> {
  if (registration?.active) return Promise.resolve(true);
  const worker = registration?.installing ?? registration?.waiting;
  if (!worker) return Promise.resolve(false); // e.g. a stubbed register() that resolves to nothing
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), 10_000);
    worker.addEventListener('statechange', () => {
      if (worker.state === 'installing' || worker.state === 'installed') return;
      clearTimeout(timer);
      resolve(worker.state !== 'redundant');
    });
  });
}

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

if (await isolateWithServiceWorker().catch(() => false)) {
  target.textContent = 'Enabling cross-origin isolation (for WASM threads)…';
} else {
  const lab = new Lab();
  // A handle for the console and for end-to-end tests (read-only use, plus diagnostics).
  (globalThis as { __lab?: Lab }).__lab = lab;
  lab.runs.readLink(location); // a shared recipe (#/train?recipe=…), checked now; the Train page takes it
  void lab.start(location.search);
  mount(App, { target, props: { lab } });
}

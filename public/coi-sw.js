// Cross-origin isolation for static hosts that cannot send headers: this service worker re-serves every
// same-origin response with COOP/COEP (and CORP), so a page it controls is `crossOriginIsolated` and the
// engine worker gets SharedArrayBuffer (threaded WASM). src/main.ts registers it only when the page is
// not isolated already (vite dev/preview and well-configured hosts send the headers themselves) and
// reloads once so that the page's own navigation comes through here.

const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

// Statuses whose responses must not carry a body (the Response constructor throws otherwise).
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

self.addEventListener('install', () => {
  // No precaching: start serving at once instead of waiting for old tabs to close.
  void self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  // Take over the page that registered us (and its workers) without waiting for a navigation.
  event.waitUntil(self.clients.claim());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  // Chromium quirk: such requests throw when re-fetched from a service worker.
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  // Cross-origin requests go to the network untouched (COEP then needs their own CORP/CORS).
  if (new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(withIsolationHeaders(request));
});

/** Fetch `request` from the network and return the response with the isolation headers added. */
async function withIsolationHeaders(request) {
  const response = await fetch(request);
  // Opaque redirects (navigations answered by a redirect) and network errors pass through as they are.
  if (response.type === 'opaqueredirect' || response.status === 0) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) headers.set(name, value);
  return new Response(NULL_BODY_STATUSES.has(response.status) ? null : response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}

// The app's API client (@rman/api): the session in secure storage, the configurable base URL; in a browser, tabs
// share the session through the `storage` event, as the web portal's do.
import { createClient } from "@rman/api";
import { apiBaseUrl } from "./config";
import { deviceStore, onWeb } from "./device";

export const client = createClient({
  store: deviceStore,
  baseUrl: apiBaseUrl,
  watchStore: onWeb ? (changed) => window.addEventListener("storage", (e) => changed(e.key)) : undefined,
});

// An Idempotency-Key (API.md §1.11) for one submission, so a retried request never places a second order.
export const idempotencyKey = () => `m-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;

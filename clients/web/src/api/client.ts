// The web portal's API client (@rman/api): same-origin paths, the session in localStorage, shared by the tabs of
// this browser through the `storage` event.
import { createClient } from "@rman/api";

export { ApiError, qs, type FieldError } from "@rman/api";

export const { api, saveSession, clearSession, onSessionEnd, signIn, register, signOut, hasSession, refreshToken } =
  createClient({
    store: localStorage,
    watchStore: (changed) => window.addEventListener("storage", (e) => changed(e.key)),
  });

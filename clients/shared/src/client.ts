// The one HTTP client of the web portal and the mobile app: envelopes, typed errors, bearer tokens, and refresh-token
// rotation (a timer refreshes 60 s before the access token expires, and so does a request made later than that, since
// timers sleep with the device; concurrent requests share one refresh; TOKEN_EXPIRED → refresh once and retry;
// TOKEN_REVOKED or a refresh refused → signed out; a refresh that cannot reach Auth keeps the session).
// Each app creates one client with its own storage (localStorage on the web, the keychain on a phone) and base URL;
// a web app also watches its storage, so two tabs never rotate the same refresh token twice outside the server's
// grace window.
import type { AuthResult, User } from "./types";

export interface FieldError { code: string; field: string | null; message: string }

export class ApiError extends Error {
  constructor(public status: number, public code: string, message: string, public errors: FieldError[]) {
    super(message);
  }
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.errors) if (e.field && !out[e.field]) out[e.field] = e.message;
    return out;
  }
}

// Where the session survives a restart. localStorage fits as it is; an asynchronous store (expo-secure-store) answers
// `getItem` with a promise, and the client then holds requests until it has read it.
export interface SessionStore {
  getItem(key: string): string | null | Promise<string | null>;
  setItem(key: string, value: string): unknown;
  removeItem(key: string): unknown;
}

export interface ClientOptions {
  store: SessionStore;
  // Prepended to every path ("/api/v1/…"); read at each request, so a settings screen may change it. Default "" (same
  // origin, as the web portal behind nginx).
  baseUrl?: () => string;
  // Subscribes to changes of the stored session made elsewhere (another tab): `changed(key)` with the key written,
  // or null when the whole store was cleared.
  watchStore?: (changed: (key: string | null) => void) => void;
}

export const errorMessage = (error: unknown) => (error instanceof ApiError ? error.message : "Something went wrong.");

// Hands each of the server's field errors (`errors[].field`, e.g. `deliveryAddress.zipCode` with prefix
// `deliveryAddress.`) that names one of a form's `fields` to `put`; returns the message for everything else ("" when
// every error found its field).
export function applyFieldErrors(e: unknown, fields: string[], put: (field: string, message: string) => void, prefix = ""): string {
  if (!(e instanceof ApiError)) return errorMessage(e);
  let rest = e.message;
  for (const [field, message] of Object.entries(e.fieldErrors()))
    if (field.startsWith(prefix) && fields.includes(field.slice(prefix.length))) {
      put(field.slice(prefix.length), message);
      rest = "";
    }
  return rest;
}

export const STORAGE_KEY = "rman.session";
const EARLY_MS = 60_000;

interface Session { accessToken: string; refreshToken: string; expiresAt: number }

export type ApiClient = ReturnType<typeof createClient>;

export function createClient({ store, baseUrl = () => "", watchStore }: ClientOptions) {
  let session: Session | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let refreshing: Promise<boolean> | null = null;
  const listeners = new Set<() => void>();

  const onSessionEnd = (fn: () => void) => {
    listeners.add(fn);
    return () => {
      listeners.delete(fn);
    };
  };

  const parse = (saved: string | null): Session | null => JSON.parse(saved ?? "null");

  // `expiresAt` counts from `expiresIn` on this device's clock, not from the token's `exp`, so a device whose clock is
  // off still refreshes in time.
  function adopt(next: Session | null) {
    const ended = session !== null && next === null;
    session = next;
    clearTimeout(timer);
    if (next) timer = setTimeout(() => refresh().catch(() => undefined), Math.max(0, next.expiresAt - EARLY_MS - Date.now()));
    if (ended) listeners.forEach((fn) => fn());
  }

  function saveSession(r: AuthResult) {
    const next = { accessToken: r.accessToken, refreshToken: r.refreshToken, expiresAt: Date.now() + r.expiresIn * 1000 };
    store.setItem(STORAGE_KEY, JSON.stringify(next));
    adopt(next);
  }

  function clearSession() {
    store.removeItem(STORAGE_KEY);
    adopt(null);
  }

  // Hands `use` the stored session: at once from a synchronous store, later from an asynchronous one.
  function read(use: (stored: Session | null) => void): Promise<void> {
    const saved = store.getItem(STORAGE_KEY);
    if (typeof saved === "string" || saved === null) return Promise.resolve(use(parse(saved)));
    return saved.then((s) => use(parse(s)));
  }

  // A session saved meanwhile (a sign-in while an asynchronous store was still being read) wins over the stored one.
  const restored = read((stored) => {
    if (!session) adopt(stored);
  });
  watchStore?.((key) => {
    if (key === STORAGE_KEY || key === null) read(adopt);
  });

  // Resolves true once a fresh access token is in place, false when signed out. A refusal (4xx but 429) ends the
  // session unless another tab has replaced it meanwhile; an unreachable or busy Auth throws and keeps it.
  function refresh(): Promise<boolean> {
    if (!session) return Promise.resolve(false);
    const sent = session.refreshToken;
    refreshing ??= send<AuthResult>("POST", "/api/v1/auth/refresh-token", { refreshToken: sent }, false)
      .then(
        (r) => {
          saveSession(r);
          return true;
        },
        (e: unknown) => {
          if (!(e instanceof ApiError) || e.status < 400 || e.status >= 500 || e.status === 429) throw e;
          if (session?.refreshToken !== sent) return session !== null;
          clearSession();
          return false;
        },
      )
      .finally(() => {
        refreshing = null;
      });
    return refreshing;
  }

  async function send<T>(method: string, path: string, body: unknown, auth: boolean, extra?: HeadersInit): Promise<T> {
    const headers = new Headers(extra);
    if (body !== undefined) headers.set("Content-Type", "application/json");
    if (auth && session) headers.set("Authorization", `Bearer ${session.accessToken}`);
    let res: Response;
    try {
      res = await fetch(baseUrl() + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      throw new ApiError(0, "NETWORK", "The service cannot be reached. Check your connection and try again.", []);
    }
    const envelope = await res.json().catch(() => null);
    if (!res.ok || !envelope?.success) {
      const errors: FieldError[] = envelope?.errors ?? [];
      throw new ApiError(res.status, errors[0]?.code ?? "INTERNAL", envelope?.message ?? res.statusText, errors);
    }
    return envelope.data as T;
  }

  async function api<T>(method: string, path: string, body?: unknown, headers?: HeadersInit): Promise<T> {
    await restored;
    if (session && session.expiresAt - Date.now() < EARLY_MS) await refresh();
    const used = session?.accessToken;
    try {
      return await send<T>(method, path, body, true, headers);
    } catch (e) {
      // A request that went out with an older token than the current one retries without a refresh of its own.
      if (e instanceof ApiError && e.code === "TOKEN_EXPIRED" && session && (session.accessToken !== used || (await refresh())))
        return send<T>(method, path, body, true, headers);
      if (e instanceof ApiError && e.code === "TOKEN_REVOKED") clearSession();
      throw e;
    }
  }

  // Sign-in, registration and sign-out: each keeps the session in step with the server's answer.
  async function signIn(email: string, password: string): Promise<User> {
    const r = await api<AuthResult>("POST", "/api/v1/auth/login", { email, password });
    saveSession(r);
    return r.user;
  }

  async function register(fullName: string, email: string, password: string): Promise<User> {
    const r = await api<AuthResult>("POST", "/api/v1/auth/register", { fullName, email, password });
    saveSession(r);
    return r.user;
  }

  async function signOut() {
    const token = session?.refreshToken;
    if (token) await api("POST", "/api/v1/auth/logout", { refreshToken: token }).catch(() => undefined);
    clearSession();
  }

  return {
    api, saveSession, clearSession, onSessionEnd, signIn, register, signOut,
    // Settles once the stored session has been read (at once for a synchronous store).
    restored: () => restored,
    hasSession: () => session !== null,
    refreshToken: () => session?.refreshToken,
  };
}

export const qs = (params: Record<string, string | number | undefined>) => {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== "");
  return entries.length ? "?" + entries.map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join("&") : "";
};

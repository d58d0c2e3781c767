// The one HTTP client of the web app: envelopes, typed errors, bearer tokens, and refresh-token rotation
// (a timer refreshes 60 s before the access token expires, and so does a request made later than that, since timers
// sleep with the device; concurrent requests share one refresh; TOKEN_EXPIRED → refresh once and retry; TOKEN_REVOKED
// or a refresh refused → signed out; a refresh that cannot reach Auth keeps the session). Tabs share one session
// through localStorage, so two tabs never rotate the same refresh token twice outside the server's grace window.
import type { AuthResult } from "./types";

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

const STORAGE_KEY = "rman.session";
const EARLY_MS = 60_000;

interface Session { accessToken: string; refreshToken: string; expiresAt: number }

let session: Session | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;
let refreshing: Promise<boolean> | null = null;
const listeners = new Set<() => void>();

export const onSessionEnd = (fn: () => void) => {
  listeners.add(fn);
  return () => {
    listeners.delete(fn);
  };
};

const stored = (): Session | null => JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "null");

// `expiresAt` counts from `expiresIn` on this device's clock, not from the token's `exp`, so a device whose clock is
// off still refreshes in time.
function adopt(next: Session | null) {
  const ended = session !== null && next === null;
  session = next;
  clearTimeout(timer);
  if (next) timer = setTimeout(() => refresh().catch(() => undefined), Math.max(0, next.expiresAt - EARLY_MS - Date.now()));
  if (ended) listeners.forEach((fn) => fn());
}

adopt(stored());
window.addEventListener("storage", (e) => {
  if (e.key === STORAGE_KEY || e.key === null) adopt(stored());
});

export function saveSession(r: AuthResult) {
  const next = { accessToken: r.accessToken, refreshToken: r.refreshToken, expiresAt: Date.now() + r.expiresIn * 1000 };
  localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
  adopt(next);
}

export function clearSession() {
  localStorage.removeItem(STORAGE_KEY);
  adopt(null);
}

export const hasSession = () => session !== null;
export const refreshToken = () => session?.refreshToken;

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
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
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

export async function api<T>(method: string, path: string, body?: unknown, headers?: HeadersInit): Promise<T> {
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

export const qs = (params: Record<string, string | number | undefined>) => {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== "");
  return entries.length ? "?" + entries.map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join("&") : "";
};

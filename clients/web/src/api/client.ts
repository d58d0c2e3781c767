// The one HTTP client of the web app: envelopes, typed errors, bearer tokens, and refresh-token rotation
// (refreshed shortly before expiry; concurrent requests share one refresh; TOKEN_EXPIRED → refresh once and retry;
// TOKEN_REVOKED or a failed refresh → signed out).
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

interface Session { accessToken: string; refreshToken: string; expiresAt: number }

let session: Session | null = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "null");
let refreshing: Promise<Session | null> | null = null;
const listeners = new Set<() => void>();

export const onSessionEnd = (fn: () => void) => {
  listeners.add(fn);
  return () => {
    listeners.delete(fn);
  };
};

export function saveSession(r: AuthResult) {
  session = { accessToken: r.accessToken, refreshToken: r.refreshToken, expiresAt: Date.now() + r.expiresIn * 1000 };
  localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
}

export function clearSession() {
  session = null;
  localStorage.removeItem(STORAGE_KEY);
  listeners.forEach((fn) => fn());
}

export const hasSession = () => session !== null;
export const refreshToken = () => session?.refreshToken;

async function refresh(): Promise<Session | null> {
  if (!session) return null;
  refreshing ??= (async () => {
    try {
      const r = await send<AuthResult>("POST", "/api/v1/auth/refresh-token", { refreshToken: session!.refreshToken }, false);
      saveSession(r);
      return session;
    } catch {
      clearSession();
      return null;
    } finally {
      refreshing = null;
    }
  })();
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
  if (session && session.expiresAt - Date.now() < 60_000) await refresh();  // before expiry, not after
  try {
    return await send<T>(method, path, body, true, headers);
  } catch (e) {
    if (e instanceof ApiError && e.code === "TOKEN_EXPIRED" && (await refresh())) return send<T>(method, path, body, true, headers);
    if (e instanceof ApiError && e.code === "TOKEN_REVOKED") clearSession();
    throw e;
  }
}

export const qs = (params: Record<string, string | number | undefined>) => {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== "");
  return entries.length ? "?" + entries.map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join("&") : "";
};

// The signed-in user, shared by every screen: read once the stored session and server address are loaded, dropped
// when the session ends (sign-out, revocation, refused refresh).
import type { User } from "@rman/api";
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import { client } from "./client";
import { apiBaseUrlRestored } from "./config";

interface AuthState {
  user: User | null;
  loading: boolean;
  login(email: string, password: string): Promise<void>;
  register(fullName: string, email: string, password: string): Promise<void>;
  logout(): Promise<void>;
  reload(): Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [loading, setLoading] = useState(true);

  const reload = useCallback(async () => {
    try {
      setUser(client.hasSession() ? await client.api<User>("GET", "/api/v1/auth/profile") : null);
    } catch {
      setUser(null);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    Promise.all([client.restored(), apiBaseUrlRestored]).then(reload);
    return client.onSessionEnd(() => setUser(null));
  }, [reload]);

  const login = async (email: string, password: string) => setUser(await client.signIn(email, password));
  const register = async (fullName: string, email: string, password: string) =>
    setUser(await client.register(fullName, email, password));
  return <AuthContext.Provider value={{ user, loading, login, register, logout: client.signOut, reload }}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error("useAuth outside AuthProvider");
  return ctx;
}

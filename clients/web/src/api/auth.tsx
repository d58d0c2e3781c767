// The signed-in user, shared by every page; sign-in, registration and sign-out.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import type { User } from "@rman/api";
import { api, hasSession, onSessionEnd, register as registerUser, signIn, signOut } from "./client";

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
  const [loading, setLoading] = useState(hasSession());

  const reload = useCallback(async () => {
    if (!hasSession()) return setUser(null);
    try {
      setUser(await api<User>("GET", "/api/v1/auth/profile"));
    } catch {
      setUser(null);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    reload();
    return onSessionEnd(() => setUser(null));
  }, [reload]);

  const login = async (email: string, password: string) => setUser(await signIn(email, password));
  const register = async (fullName: string, email: string, password: string) =>
    setUser(await registerUser(fullName, email, password));
  return <AuthContext.Provider value={{ user, loading, login, register, logout: signOut, reload }}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error("useAuth outside AuthProvider");
  return ctx;
}

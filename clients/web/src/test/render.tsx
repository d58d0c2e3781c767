// Test helpers: a fake API behind `fetch` that answers in the contract's envelope, and a page rendered with the
// app's providers at a route.
import { MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactElement } from "react";
import { MemoryRouter, Route, Routes, useLocation } from "react-router-dom";
import { vi } from "vitest";
import { AuthProvider } from "../api/auth";
import type { FieldError } from "../api/client";
import { CartProvider } from "../pages/cart";

export interface Reply { status?: number; data?: unknown; errors?: FieldError[] }
export interface Sent { method: string; path: string; query: URLSearchParams; body: unknown; headers: Headers }
type Handler = Reply | ((req: Sent) => Reply | Promise<Reply>);

export const envelope = ({ status = 200, data = null, errors = [] }: Reply) =>
  new Response(JSON.stringify({ success: status < 400, data, message: errors[0]?.message ?? "OK", errors }), {
    status, headers: { "Content-Type": "application/json; charset=utf-8" },
  });

export const failure = (status: number, code: string, message: string, field: string | null = null): Reply =>
  ({ status, errors: [{ code, field, message }] });

export const page = <T,>(items: T[]): Reply =>
  ({ data: { items, page: 1, limit: 20, total: items.length, totalPages: items.length ? 1 : 0 } });

// Routes are "METHOD /path" (no query); anything else is a 404. Returns every request made, in order.
export function fakeApi(routes: Record<string, Handler>): Sent[] {
  const sent: Sent[] = [];
  vi.stubGlobal("fetch", async (input: string, init: RequestInit = {}) => {
    const url = new URL(input, "http://localhost");
    const req: Sent = {
      method: init.method ?? "GET", path: url.pathname, query: url.searchParams,
      body: init.body ? JSON.parse(String(init.body)) : undefined, headers: new Headers(init.headers),
    };
    sent.push(req);
    const handler = routes[`${req.method} ${req.path}`] ?? failure(404, "NOT_FOUND", "Not found");
    return envelope(typeof handler === "function" ? await handler(req) : handler);
  });
  return sent;
}

function Location() {
  const { pathname, search } = useLocation();
  return <p>Now at {pathname + search}</p>;
}

// Renders `ui` at `route` (matched by `path`); any other route shows "Now at <path>", to check navigation.
export function renderPage(ui: ReactElement, { route = "/", path = "/" } = {}) {
  const queries = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const user = userEvent.setup();
  render(
    <MantineProvider>
      <QueryClientProvider client={queries}>
        <AuthProvider>
          <CartProvider>
            <MemoryRouter initialEntries={[route]}>
              <Routes>
                <Route path={path} element={ui} />
                <Route path="*" element={<Location />} />
              </Routes>
            </MemoryRouter>
          </CartProvider>
        </AuthProvider>
      </QueryClientProvider>
    </MantineProvider>,
  );
  return { user };
}

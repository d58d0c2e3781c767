// The API client's session handling, against a fake fetch: one shared refresh, the timer before expiry, sign-out.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { authResult, userOf } from "../test/fixtures";
import { failure, fakeApi, type Sent } from "../test/render";

const REFRESH = "POST /api/v1/auth/refresh-token";

// A fresh copy of the module, which reads the session stored by an earlier page load.
async function loadClient(stored: { accessToken: string; refreshToken: string; expiresAt: number } | null) {
  if (stored) localStorage.setItem("rman.session", JSON.stringify(stored));
  vi.resetModules();
  return import("./client");
}

const bearer = (req: Sent) => req.headers.get("Authorization");
const refreshes = (sent: Sent[]) => sent.filter((r) => `${r.method} ${r.path}` === REFRESH);
const renewed = () => ({ data: authResult(userOf("Customer"), "access-2", "refresh-2") });

describe("the API client", () => {
  afterEach(() => vi.useRealTimers());

  describe("with a session whose access token the server says has expired", () => {
    let sent: Sent[];
    beforeEach(() => {
      sent = fakeApi({
        "GET /api/v1/orders": (req) => (bearer(req) === "Bearer access-2" ? { data: "orders" } : failure(401, "TOKEN_EXPIRED", "Token expired")),
        "GET /api/v1/complaints": (req) => (bearer(req) === "Bearer access-2" ? { data: "complaints" } : failure(401, "TOKEN_EXPIRED", "Token expired")),
        [REFRESH]: async () => {
          await new Promise((r) => setTimeout(r, 20));
          return renewed();
        },
      });
    });

    it("refreshes once for concurrent requests and retries each with the new token", async () => {
      const client = await loadClient({ accessToken: "access-1", refreshToken: "refresh-1", expiresAt: Date.now() + 600_000 });
      const results = await Promise.all([
        client.api("GET", "/api/v1/orders"), client.api("GET", "/api/v1/complaints"), client.api("GET", "/api/v1/orders"),
      ]);
      expect(results).toEqual(["orders", "complaints", "orders"]);
      expect(refreshes(sent)).toHaveLength(1);
      expect(refreshes(sent)[0].body).toEqual({ refreshToken: "refresh-1" });
      expect(JSON.parse(localStorage.getItem("rman.session")!)).toMatchObject({ accessToken: "access-2", refreshToken: "refresh-2" });
    });

    it("does not refresh again for a request whose 401 arrives after another request's refresh", async () => {
      const client = await loadClient({ accessToken: "access-1", refreshToken: "refresh-1", expiresAt: Date.now() + 600_000 });
      const slow = fakeApi({
        "GET /api/v1/orders": (req) => (bearer(req) === "Bearer access-2" ? { data: "orders" } : failure(401, "TOKEN_EXPIRED", "Token expired")),
        "GET /api/v1/complaints": async (req) => {
          if (bearer(req) === "Bearer access-2") return { data: "complaints" };
          await new Promise((r) => setTimeout(r, 60));  // answered after the refresh below is over
          return failure(401, "TOKEN_EXPIRED", "Token expired");
        },
        [REFRESH]: renewed(),
      });
      expect(await Promise.all([client.api("GET", "/api/v1/complaints"), client.api("GET", "/api/v1/orders")])).toEqual(["complaints", "orders"]);
      expect(refreshes(slow)).toHaveLength(1);
    });
  });

  it("refreshes by itself 60 s before the access token expires", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const sent = fakeApi({ [REFRESH]: renewed() });
    const client = await loadClient(null);
    client.saveSession(authResult(userOf("Customer"), "access-1", "refresh-1", 900));
    await vi.advanceTimersByTimeAsync(839_000);
    expect(refreshes(sent)).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(refreshes(sent)).toHaveLength(1);
    expect(client.refreshToken()).toBe("refresh-2");
  });

  it("refreshes before sending when the token is about to expire (a timer in a sleeping tab may be late)", async () => {
    const sent = fakeApi({ [REFRESH]: renewed(), "GET /api/v1/orders": { data: "orders" } });
    const client = await loadClient({ accessToken: "access-1", refreshToken: "refresh-1", expiresAt: Date.now() + 30_000 });
    await client.api("GET", "/api/v1/orders");
    const order = sent.find((r) => r.path === "/api/v1/orders")!;
    expect(bearer(order)).toBe("Bearer access-2");
    expect(refreshes(sent)).toHaveLength(1);
  });

  it("signs out when the refresh token is refused", async () => {
    fakeApi({
      "GET /api/v1/orders": failure(401, "TOKEN_EXPIRED", "Token expired"),
      [REFRESH]: failure(401, "TOKEN_REVOKED", "Session revoked"),
    });
    const client = await loadClient({ accessToken: "access-1", refreshToken: "refresh-1", expiresAt: Date.now() + 600_000 });
    const ended = vi.fn();
    client.onSessionEnd(ended);
    await expect(client.api("GET", "/api/v1/orders")).rejects.toMatchObject({ code: "TOKEN_EXPIRED" });
    expect(ended).toHaveBeenCalledOnce();
    expect(client.hasSession()).toBe(false);
    expect(localStorage.getItem("rman.session")).toBeNull();
  });

  it("keeps the session when Auth cannot be reached for a refresh", async () => {
    fakeApi({ "GET /api/v1/orders": failure(401, "TOKEN_EXPIRED", "Token expired"), [REFRESH]: failure(503, "DEPENDENCY_UNAVAILABLE", "Try again") });
    const client = await loadClient({ accessToken: "access-1", refreshToken: "refresh-1", expiresAt: Date.now() + 600_000 });
    await expect(client.api("GET", "/api/v1/orders")).rejects.toMatchObject({ code: "DEPENDENCY_UNAVAILABLE" });
    expect(client.hasSession()).toBe(true);
  });

  it("signs out on a revoked token", async () => {
    fakeApi({ "GET /api/v1/orders": failure(401, "TOKEN_REVOKED", "Session revoked") });
    const client = await loadClient({ accessToken: "access-1", refreshToken: "refresh-1", expiresAt: Date.now() + 600_000 });
    await expect(client.api("GET", "/api/v1/orders")).rejects.toMatchObject({ status: 401, code: "TOKEN_REVOKED" });
    expect(client.hasSession()).toBe(false);
  });

  it("takes over the tokens another tab refreshed, and its sign-out", async () => {
    const sent = fakeApi({ "GET /api/v1/orders": { data: "orders" } });
    const client = await loadClient({ accessToken: "access-1", refreshToken: "refresh-1", expiresAt: Date.now() + 600_000 });
    const ended = vi.fn();
    client.onSessionEnd(ended);
    const other = JSON.stringify({ accessToken: "access-2", refreshToken: "refresh-2", expiresAt: Date.now() + 900_000 });
    localStorage.setItem("rman.session", other);
    window.dispatchEvent(new StorageEvent("storage", { key: "rman.session", newValue: other }));
    await client.api("GET", "/api/v1/orders");
    expect(bearer(sent[0])).toBe("Bearer access-2");
    localStorage.removeItem("rman.session");
    window.dispatchEvent(new StorageEvent("storage", { key: "rman.session", newValue: null }));
    expect(ended).toHaveBeenCalledOnce();
  });

  it("reports the server's field errors by field", async () => {
    fakeApi({ "POST /api/v1/orders": { status: 400, errors: [
      { code: "VALIDATION_FAILED", field: "items[0].quantity", message: "must be an integer between 1 and 100" },
      { code: "VALIDATION_FAILED", field: "deliveryAddress.zipCode", message: "3-10 letters or digits" },
    ] } });
    const client = await loadClient(null);
    const error = await client.api("POST", "/api/v1/orders", {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(client.ApiError);
    expect((error as InstanceType<typeof client.ApiError>).fieldErrors()).toEqual({
      "items[0].quantity": "must be an integer between 1 and 100", "deliveryAddress.zipCode": "3-10 letters or digits",
    });
  });
});

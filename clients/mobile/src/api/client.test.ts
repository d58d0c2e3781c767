// The app's client on a phone, against the real Auth service: the session survives a restart in secure storage,
// is refreshed before it expires, and ends when a refresh is refused.
import { createClient, type ApiClient, type AuthResult, type User } from "@rman/api";
import * as SecureStore from "expo-secure-store";
import { registeredCustomer, signedIn } from "../../test/system";
import { apiBaseUrl } from "./config";
import { deviceStore } from "./device";

const clients: ApiClient[] = [];
const launch = () => {
  const c = createClient({ store: deviceStore, baseUrl: apiBaseUrl });
  clients.push(c);
  return c;
};
afterEach(() => clients.splice(0).forEach((c) => c.clearSession()));

it("keeps the session in secure storage and restores it before the first request after a restart", async () => {
  const { email, password } = await registeredCustomer("Asha Rao");
  await launch().signIn(email, password);
  expect(JSON.parse((await SecureStore.getItemAsync("rman.session"))!)).toMatchObject({ accessToken: expect.any(String) });

  const restarted = launch();
  expect(restarted.hasSession()).toBe(false);  // still reading the keychain
  expect((await restarted.api<User>("GET", "/api/v1/auth/profile")).email).toBe(email);
});

it("refreshes the tokens before the access token expires", async () => {
  const { email, password } = await registeredCustomer("Ravi Kumar");
  const app = launch();
  const login = await app.api<AuthResult>("POST", "/api/v1/auth/login", { email, password });
  app.saveSession({ ...login, expiresIn: 30 });  // within the minute before expiry
  await app.api("GET", "/api/v1/auth/profile");
  expect(app.refreshToken()).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(app.refreshToken()).not.toBe(login.refreshToken);
});

it("signs out when the server refuses the refresh (the session was revoked elsewhere)", async () => {
  const { email, password } = await registeredCustomer("Kiran Shah");
  const app = launch();
  const login = await app.api<AuthResult>("POST", "/api/v1/auth/login", { email, password });
  app.saveSession({ ...login, expiresIn: 30 });
  const ended = jest.fn();
  app.onSessionEnd(ended);
  await (await signedIn(email, password)).api("POST", "/api/v1/auth/logout-all");

  await expect(app.api("GET", "/api/v1/auth/profile")).rejects.toMatchObject({ status: 401 });
  expect(ended).toHaveBeenCalledTimes(1);
  expect(app.hasSession()).toBe(false);
  expect(await SecureStore.getItemAsync("rman.session")).toBeNull();
});

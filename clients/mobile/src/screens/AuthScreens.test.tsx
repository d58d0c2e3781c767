// Signing in, registering, a forgotten password and the end of a session, against the real services.
import { fireEvent, render, screen } from "@testing-library/react-native";
import * as SecureStore from "expo-secure-store";
import { App } from "../App";
import { setApiBaseUrl } from "../api/config";
import { openAppAs, signIn } from "../../test/app";
import { emailText, registeredCustomer, system, uniqueEmail } from "../../test/system";

describe("signing in", () => {
  it("explains that the service is unreachable, then signs in once the server address is set", async () => {
    const { email } = await registeredCustomer("Asha Rao");
    setApiBaseUrl("http://127.0.0.1:9");
    render(<App />);
    await signIn(email, "Secret-1234");
    expect(await screen.findByText(/You are offline, or the R-MAN service at http:\/\/127\.0\.0\.1:9 cannot be reached/)).toBeOnTheScreen();

    fireEvent.press(screen.getByRole("button", { name: "Server: http://127.0.0.1:9" }));
    fireEvent.changeText(screen.getByLabelText("API base URL"), system.api + "/");
    fireEvent.press(screen.getByRole("button", { name: "Save server" }));
    expect(screen.getByRole("button", { name: `Server: ${system.api}` })).toBeOnTheScreen();
    fireEvent.press(screen.getByRole("button", { name: "Sign in" }));

    expect(await screen.findByRole("heading", { name: "Products" })).toBeOnTheScreen();
    expect(JSON.parse((await SecureStore.getItemAsync("rman.session"))!)).toMatchObject({ refreshToken: expect.any(String) });
    expect(await SecureStore.getItemAsync("rman.apiBaseUrl")).toBe(system.api);
  });

  it("shows the server's answer to a wrong password", async () => {
    const { email } = await registeredCustomer("Ravi Kumar");
    render(<App />);
    await signIn(email, "Wrong-password-1");
    expect(await screen.findByText("Invalid email or password.")).toBeOnTheScreen();
  });
});

it("registers a customer, who lands in the shop signed in", async () => {
  const email = uniqueEmail("Meera Iyer");
  render(<App />);
  fireEvent.press(await screen.findByRole("button", { name: "Create an account" }));
  fireEvent.changeText(await screen.findByLabelText("Full name"), "Meera Iyer");
  fireEvent.changeText(screen.getByLabelText("Email"), email);
  fireEvent.changeText(screen.getByLabelText("Password"), "short");
  fireEvent.press(screen.getByRole("button", { name: "Register" }));
  expect(await screen.findByText("At least 8 characters")).toBeOnTheScreen();
  fireEvent.changeText(screen.getByLabelText("Password"), "Secret-1234");
  fireEvent.press(screen.getByRole("button", { name: "Register" }));
  expect(await screen.findByRole("heading", { name: "Products" })).toBeOnTheScreen();
  fireEvent.press(screen.getByRole("button", { name: /Account/ }));
  expect(await screen.findByText(`${email} · Customer · email not verified yet`)).toBeOnTheScreen();
});

it("resets a forgotten password with the code from the email", async () => {
  const { email } = await registeredCustomer("Asha Rao");
  render(<App />);
  fireEvent.press(await screen.findByRole("button", { name: "Forgot your password?" }));
  fireEvent.changeText(await screen.findByLabelText("Email"), email);
  fireEvent.press(screen.getByRole("button", { name: "Send reset link" }));
  expect(await screen.findByText("If an account exists for this email, a reset link has been sent.")).toBeOnTheScreen();

  const token = /reset-password\?token=([^\s"<>]+)/.exec(await emailText(email, "Reset"))![1];
  fireEvent.changeText(screen.getByLabelText("Reset code"), token);
  fireEvent.changeText(screen.getByLabelText("New password"), "Brand-new-5678");
  fireEvent.press(screen.getByRole("button", { name: "Set password" }));
  await screen.findByRole("heading", { name: "Sign in" });
  await signIn(email, "Brand-new-5678");
  expect(await screen.findByRole("heading", { name: "Products" })).toBeOnTheScreen();
});

it("signs out when the session is revoked elsewhere", async () => {
  const { email, password, device } = await registeredCustomer("Kiran Shah");
  await openAppAs(email, password, "Products");
  await device.api("POST", "/api/v1/auth/logout-all");  // every session of the user, this phone's too
  await new Promise((r) => setTimeout(r, 1_500));  // the services learn of it within REVOCATION_POLL_INTERVAL_MS
  fireEvent.press(screen.getByRole("button", { name: /My orders/ }));
  expect(await screen.findByRole("heading", { name: "Sign in" })).toBeOnTheScreen();
  expect(await SecureStore.getItemAsync("rman.session")).toBeNull();
});

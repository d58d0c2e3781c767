// Runs before every test file: waits long enough for real services, lays out safe areas as a phone would, and starts
// each test signed out, talking to the system the global setup started.
import { configure } from "@testing-library/react-native";
import { timeoutManager } from "@tanstack/react-query";
import { client } from "../src/api/client";
import { setApiBaseUrl } from "../src/api/config";
import { forgetDevices, system } from "./system";

jest.mock("react-native-safe-area-context", () => require("react-native-safe-area-context/jest/mock").default);
configure({ asyncUtilTimeout: 15_000 });
// The query cache's clean-up timers (5 min after a screen goes) must not keep Jest running after the last test.
timeoutManager.setTimeoutProvider({
  setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
  clearTimeout: (id) => clearTimeout(id),
  setInterval: (callback, ms) => setInterval(callback, ms).unref(),
  clearInterval: (id) => clearInterval(id),
});

// Answers of real services arrive outside act(); React's warning about each would bury the test's own output.
const consoleError = console.error;
jest.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
  if (!String(args[0]).includes("not wrapped in act(")) consoleError(...args);
});

beforeEach(() => setApiBaseUrl(system.api));
afterEach(() => {
  client.clearSession();
  forgetDevices();
});

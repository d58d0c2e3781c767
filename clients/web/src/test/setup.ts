// Runs before every test file: jest-dom matchers, and what jsdom lacks but Mantine uses (media queries, element
// resizing, scrolling an option into view). Each test starts signed out, with an empty DOM, storage and
// fetch.
import "@testing-library/jest-dom/vitest";
import { cleanup, configure } from "@testing-library/react";
import { afterEach, vi } from "vitest";
import { clearSession } from "../api/client";

// `make test` runs this suite beside whole-system tests on two cores: waits get room for a busy machine.
configure({ asyncUtilTimeout: 10_000 });

Object.defineProperty(window, "matchMedia", {
  writable: true,
  value: (query: string) => ({
    matches: false, media: query, onchange: null, addListener() {}, removeListener() {}, addEventListener() {},
    removeEventListener() {}, dispatchEvent: () => false,
  }),
});
window.ResizeObserver = class { observe() {} unobserve() {} disconnect() {} };
Element.prototype.scrollIntoView = () => {};

afterEach(() => {
  cleanup();
  clearSession();
  localStorage.clear();
  vi.unstubAllGlobals();
});

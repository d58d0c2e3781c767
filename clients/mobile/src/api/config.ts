// Where the API is. Built in: EXPO_PUBLIC_API_BASE_URL, else the app config's `extra.apiBaseUrl`, else the page's own
// origin in a browser (the web export served behind the gateway) and http://localhost:8080 (`make run`) on a device.
// The sign-in screen may change it; the choice is kept on the device.
import Constants from "expo-constants";
import { deviceStore, onWeb } from "./device";

const KEY = "rman.apiBaseUrl";
const configured = process.env.EXPO_PUBLIC_API_BASE_URL || Constants.expoConfig?.extra?.apiBaseUrl;
export const defaultApiBaseUrl: string = typeof configured === "string" && configured ? configured : onWeb ? "" : "http://localhost:8080";

let current = defaultApiBaseUrl;

export const apiBaseUrl = () => current;

export const apiBaseUrlRestored = Promise.resolve(deviceStore.getItem(KEY)).then((saved) => {
  if (saved !== null) current = saved;
});

// "" (or only spaces) goes back to the built-in address.
export function setApiBaseUrl(url: string) {
  const chosen = url.trim().replace(/\/+$/, "");
  current = chosen || defaultApiBaseUrl;
  if (chosen) deviceStore.setItem(KEY, chosen);
  else deviceStore.removeItem(KEY);
}

// What this device keeps between launches: the keychain / keystore through expo-secure-store, or localStorage when the
// app runs in a browser (its web export), where secure storage does not exist.
import type { SessionStore } from "@rman/api";
import * as SecureStore from "expo-secure-store";
import { Platform } from "react-native";

export const onWeb = Platform.OS === "web";

export const deviceStore: SessionStore = onWeb
  ? window.localStorage
  : { getItem: SecureStore.getItemAsync, setItem: SecureStore.setItemAsync, removeItem: SecureStore.deleteItemAsync };

// @rman/api: what the web portal and the mobile app share. Everything here is platform-neutral TypeScript (no DOM, no
// React Native, no dependencies); each app adds its storage and base URL when it creates its client.
export * from "./client";
export * from "./types";
export * from "./rules";

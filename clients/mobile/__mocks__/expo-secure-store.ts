// The device keychain in Jest: kept in memory, so a test reads back exactly what the app stored.
const items = new Map<string, string>();

export const getItemAsync = async (key: string) => items.get(key) ?? null;
export const setItemAsync = async (key: string, value: string) => {
  items.set(key, value);
};
export const deleteItemAsync = async (key: string) => {
  items.delete(key);
};

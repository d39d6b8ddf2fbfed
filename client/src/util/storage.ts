import { Platform } from 'react-native';

/** A small string key-value store: localStorage on the web, the keychain/keystore on phones. */
export interface KeyValueStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  remove(key: string): Promise<void>;
}

export function memoryStorage(initial: Record<string, string> = {}): KeyValueStore {
  const data = new Map(Object.entries(initial));
  return {
    async get(key) {
      return data.get(key) ?? null;
    },
    async set(key, value) {
      data.set(key, value);
    },
    async remove(key) {
      data.delete(key);
    },
  };
}

function webStorage(): KeyValueStore {
  const ls = (): Storage | null => {
    try {
      return typeof localStorage === 'undefined' ? null : localStorage;
    } catch {
      return null;
    }
  };
  const fallback = memoryStorage();
  return {
    async get(key) {
      const s = ls();
      return s ? s.getItem(key) : fallback.get(key);
    },
    async set(key, value) {
      const s = ls();
      if (s) s.setItem(key, value);
      else await fallback.set(key, value);
    },
    async remove(key) {
      const s = ls();
      if (s) s.removeItem(key);
      else await fallback.remove(key);
    },
  };
}

function nativeStorage(): KeyValueStore {
  // Loaded lazily so the web bundle never touches the native module.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const SecureStore = require('expo-secure-store') as typeof import('expo-secure-store');
  return {
    get: (key) => SecureStore.getItemAsync(key),
    set: (key, value) => SecureStore.setItemAsync(key, value),
    remove: (key) => SecureStore.deleteItemAsync(key),
  };
}

let shared: KeyValueStore | null = null;

export function appStorage(): KeyValueStore {
  if (!shared) shared = Platform.OS === 'web' ? webStorage() : nativeStorage();
  return shared;
}

/** Replaces the shared store (tests). */
export function setAppStorage(store: KeyValueStore): void {
  shared = store;
}

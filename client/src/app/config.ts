import { Platform } from 'react-native';
import { appStorage } from '../util/storage';

const SERVER_KEY = 'parley.server';

/**
 * The server's address. The web app is served by the server itself, so it uses its own origin
 * (EXPO_PUBLIC_PARLEY_URL overrides it for `expo start`). Phones ask once and remember.
 */
export async function loadServerUrl(): Promise<string> {
  const configured = process.env.EXPO_PUBLIC_PARLEY_URL;
  if (Platform.OS === 'web') {
    if (configured) return configured;
    return typeof window !== 'undefined' ? window.location.origin : '';
  }
  return (await appStorage().get(SERVER_KEY)) ?? configured ?? '';
}

export async function saveServerUrl(url: string): Promise<void> {
  await appStorage().set(SERVER_KEY, url.replace(/\/+$/, ''));
}

export function deviceName(): string {
  if (Platform.OS === 'web') {
    const ua = typeof navigator !== 'undefined' ? navigator.userAgent : '';
    const browser = /Edg\//.test(ua) ? 'Edge' : /Chrome\//.test(ua) ? 'Chrome' : /Firefox\//.test(ua) ? 'Firefox' : /Safari\//.test(ua) ? 'Safari' : 'Browser';
    return `${browser} on the web`;
  }
  return Platform.OS === 'ios' ? 'iPhone app' : 'Android app';
}

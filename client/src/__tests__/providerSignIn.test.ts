import { ApiError } from '../api/problem';
import { APP_RETURN_URL, signInWithProvider } from '../auth/providerSignIn';
import { challengeFor } from '../auth/pkce';

/** Only what the sign-in uses of the API client. */
function fakeApi() {
  const calls: { authorize?: [string, string, string]; exchange?: [string, string, string | undefined] } = {};
  const api = {
    authorizeUrl: (provider: string, returnTo: string, challenge: string) => {
      calls.authorize = [provider, returnTo, challenge];
      return `https://parley.example/api/auth/${provider}/authorize?return_to=${encodeURIComponent(returnTo)}`;
    },
    exchange: async (code: string, verifier: string, deviceName?: string) => {
      calls.exchange = [code, verifier, deviceName];
      return { accessToken: 'access', refreshToken: 'refresh', userId: 'u1' };
    },
  };
  return { api: api as never, calls };
}

describe('Google/Facebook sign-in on a phone', () => {
  it('opens the server flow, comes back to the app scheme and trades the code with its verifier', async () => {
    const { api, calls } = fakeApi();
    let opened: [string, string] | undefined;
    const tokens = await signInWithProvider(api, 'google', async (url, returnUrl) => {
      opened = [url, returnUrl];
      return `${APP_RETURN_URL}#parley_code=one-time-code`;
    }, 'Pixel');
    expect(opened?.[1]).toBe('parley://auth');
    expect(calls.authorize?.[0]).toBe('google');
    expect(calls.authorize?.[1]).toBe('parley://auth');
    expect(calls.exchange?.[0]).toBe('one-time-code');
    // The challenge sent at the start is the S256 of the verifier used at the end.
    expect(challengeFor(calls.exchange?.[1] as string)).toBe(calls.authorize?.[2]);
    expect(tokens).toMatchObject({ accessToken: 'access' });
  });

  it('does nothing when the person cancels', async () => {
    const { api, calls } = fakeApi();
    expect(await signInWithProvider(api, 'facebook', async () => null)).toBeNull();
    expect(calls.exchange).toBeUndefined();
  });

  it('turns a refusal into a readable error', async () => {
    const { api } = fakeApi();
    await expect(signInWithProvider(api, 'google', async () => `${APP_RETURN_URL}#parley_error=account-exists`))
      .rejects.toBeInstanceOf(ApiError);
  });
});

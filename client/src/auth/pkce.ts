import { randomBytes } from '../util/random';
import { base64url, sha256, utf8 } from '../util/sha256';

/** PKCE for the server's browser sign-in: the verifier stays here, only its challenge travels. */
export function createVerifier(): string {
  return base64url(randomBytes(32));
}

export function challengeFor(verifier: string): string {
  return base64url(sha256(utf8(verifier)));
}

package io.parley.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Random tokens and their hashes; only hashes are ever stored. */
final class Secrets {
    private static final SecureRandom random = new SecureRandom();
    private static final Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();

    private Secrets() {
    }

    static String token(int bytes) {
        byte[] buffer = new byte[bytes];
        random.nextBytes(buffer);
        return base64url.encodeToString(buffer);
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The PKCE S256 challenge of a verifier (RFC 7636). */
    static String challengeOf(String verifier) {
        return base64url.encodeToString(sha256(verifier));
    }

    static boolean matches(String verifier, String challenge) {
        return verifier != null && challenge != null
                && MessageDigest.isEqual(challengeOf(verifier).getBytes(StandardCharsets.US_ASCII),
                        challenge.getBytes(StandardCharsets.US_ASCII));
    }
}

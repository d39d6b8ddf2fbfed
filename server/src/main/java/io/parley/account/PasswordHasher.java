package io.parley.account;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/** Argon2id, with a dummy check for unknown accounts so that timing does not tell them apart. */
@Component
class PasswordHasher {
    private final Argon2PasswordEncoder encoder;
    private final String dummyHash;

    PasswordHasher(AccountProperties properties) {
        this.encoder = new Argon2PasswordEncoder(16, 32, 1, properties.local().argon2MemoryKib(),
                properties.local().argon2Iterations());
        this.dummyHash = encoder.encode("not-a-real-password");
    }

    String hash(String password) {
        return encoder.encode(password);
    }

    boolean matches(String password, String hash) {
        return encoder.matches(password, hash);
    }

    boolean needsRehash(String hash) {
        return encoder.upgradeEncoding(hash);
    }

    /** Spends the time of a real check without an account to check against. */
    void burn(String password) {
        encoder.matches(password, dummyHash);
    }
}

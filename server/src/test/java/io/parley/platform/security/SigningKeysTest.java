package io.parley.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.platform.ParleyProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SigningKeysTest {

    @Test
    void generatesOnceThenReusesTheKeyFromTheDataDirectory() throws Exception {
        Path dir = Files.createTempDirectory("keys");
        var security = new SecurityProperties("parley", Duration.ofMinutes(15), null, true);
        SigningKeys first = SigningKeys.load(security, new ParleyProperties(dir, 0));
        SigningKeys second = SigningKeys.load(security, new ParleyProperties(dir, 0));
        assertThat(second.keyId()).isEqualTo(first.keyId());
        assertThat(second.publicKey()).isEqualTo(first.publicKey());

        // The same PEM given as configuration works as well (how prod supplies it).
        String pem = Files.readString(dir.resolve("keys/access-token-signing-key.pem"));
        var configured = new SecurityProperties("parley", Duration.ofMinutes(15), pem, false);
        assertThat(SigningKeys.load(configured, new ParleyProperties(Files.createTempDirectory("other"), 0)).keyId())
                .isEqualTo(first.keyId());
    }

    @Test
    void prodWithoutAKeyFailsClearly() throws Exception {
        var security = new SecurityProperties("parley", Duration.ofMinutes(15), null, false);
        assertThatThrownBy(() -> SigningKeys.load(security, new ParleyProperties(Files.createTempDirectory("none"), 0)))
                .hasMessageContaining("parley.security.signing-key");
        assertThatThrownBy(() -> SigningKeys.fromPem("-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----"))
                .hasMessageContaining("PKCS#8");
    }
}

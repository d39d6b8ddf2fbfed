package io.parley.platform.security;

import io.parley.platform.ParleyProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The RSA key pair that signs access tokens: configured, or generated once and kept on disk. */
record SigningKeys(String keyId, RSAPrivateCrtKey privateKey, RSAPublicKey publicKey) {
    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    static SigningKeys load(SecurityProperties security, ParleyProperties parley) {
        if (security.signingKey() != null && !security.signingKey().isBlank()) {
            return fromPem(security.signingKey());
        }
        if (!security.generateSigningKey()) {
            throw new IllegalStateException("No access-token signing key: set parley.security.signing-key "
                    + "(PKCS#8 PEM, e.g. from PARLEY_SIGNING_KEY) or allow parley.security.generate-signing-key");
        }
        Path file = parley.dataDir().resolve("keys").resolve("access-token-signing-key.pem");
        try {
            if (Files.exists(file)) {
                return fromPem(Files.readString(file));
            }
            Files.createDirectories(file.getParent());
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            String pem = "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(pair.getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temporary, pem);
            trySetOwnerOnly(temporary);
            Files.move(temporary, file);
            log.info("Generated a new access-token signing key in {}", file);
            return fromPem(pem);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the signing key in " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static SigningKeys fromPem(String pem) {
        String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        try {
            KeyFactory factory = KeyFactory.getInstance("RSA");
            var privateKey = (RSAPrivateCrtKey) factory.generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
            var publicKey = (RSAPublicKey) factory.generatePublic(
                    new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded());
            return new SigningKeys(HexFormat.of().formatHex(digest, 0, 8), privateKey, publicKey);
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalStateException("The access-token signing key is not an RSA private key in PKCS#8 PEM", e);
        }
    }

    private static void trySetOwnerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Not a POSIX file system: the directory's own permissions have to do.
        }
    }
}

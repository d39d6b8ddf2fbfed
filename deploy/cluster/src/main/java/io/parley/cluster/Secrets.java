package io.parley.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * What a cluster's nodes share and nobody else may read: the access-token signing key (every node
 * must verify every other node's tokens) and the database password. Made once per cluster
 * directory, kept owner-only, never printed.
 */
final class Secrets {
    private final Path dir;

    Secrets(Path dir) {
        this.dir = dir;
    }

    /** An RSA private key in PKCS#8 PEM, as PARLEY_SIGNING_KEY. */
    String signingKey() {
        return keep("signing-key.pem", () -> {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                return pem("PRIVATE KEY", generator.generateKeyPair().getPrivate().getEncoded());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Hex, so that it needs no quoting anywhere. */
    String databasePassword() {
        return keep("database-password", () -> {
            byte[] bytes = new byte[18];
            new SecureRandom().nextBytes(bytes);
            return HexFormat.of().formatHex(bytes);
        }).strip();
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private String keep(String name, Supplier<String> make) {
        Path file = dir.resolve(name);
        try {
            if (Files.exists(file)) {
                return Files.readString(file);
            }
            String value = make.get();
            writeOwnerOnly(file, value);
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep " + file, e);
        }
    }

    /** Written to a temporary file first, so a crash never leaves half a secret. */
    static void writeOwnerOnly(Path file, String value) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temporary, value);
        Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}

package io.parley.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The self-signed certificate nginx serves on loopback (localhost, 127.0.0.1, ::1), made once per
 * cluster directory and made again when it is about to expire; and a TLS context that trusts it,
 * for tests and for the status check. Real deployments use a real certificate (docs/operations.md).
 */
public final class Tls {
    static final String CERTIFICATE = "cert.pem";
    static final String KEY = "key.pem";
    private static final String KEY_ALGORITHM = "EC";
    private static final Duration VALIDITY = Duration.ofDays(365);
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private Tls() {
    }

    /** The certificate in {@code dir} (cert.pem, key.pem), made if missing or close to expiry. */
    static Path ensureCertificate(Path dir, Clock clock) {
        Path certificate = dir.resolve(CERTIFICATE);
        try {
            if (Files.exists(certificate) && Files.exists(dir.resolve(KEY))
                    && read(certificate).getNotAfter().toInstant().isAfter(clock.instant().plus(RENEW_BEFORE))
                    && KEY_ALGORITHM.equals(read(certificate).getPublicKey().getAlgorithm())) {
                return certificate;
            }
            // ECDSA P-256: a handshake's signature costs a fraction of RSA-2048's (about 14 times less
            // in OpenSSL here), which counts when a node's clients all reconnect through nginx at once.
            KeyPairGenerator generator = KeyPairGenerator.getInstance(KEY_ALGORITHM);
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            Instant now = clock.instant();
            X500Principal subject = new X500Principal("CN=localhost, O=Parley local cluster (self-signed)");
            var builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), subject, pair.getPublic())
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                            new GeneralName(GeneralName.dNSName, "localhost"),
                            new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                            new GeneralName(GeneralName.iPAddress, "::1")}))
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            X509Certificate x509 = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            Secrets.writeOwnerOnly(dir.resolve(KEY), Secrets.pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(certificate, Secrets.pem("CERTIFICATE", x509.getEncoded()));
            return certificate;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the TLS certificate in " + dir, e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot make a TLS certificate", e);
        }
    }

    /** A TLS context that trusts exactly this certificate (PEM). */
    public static SSLContext trusting(Path certificate) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry("parley", read(certificate));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot trust " + certificate, e);
        }
    }

    private static X509Certificate read(Path certificate) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(certificate)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}

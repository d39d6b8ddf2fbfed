package io.parley.platform.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.io.Resource;

/**
 * What browsers may do with Parley's pages: a strict Content-Security-Policy (only the server's own
 * scripts, styles, images and sockets; the exported page's few inline blocks allowed by their hash,
 * never 'unsafe-inline' or 'unsafe-eval'), and the policy the other security headers use.
 */
final class BrowserHeaders {
    private static final Pattern INLINE = Pattern.compile("<(script|style)\\b([^>]*)>(.*?)</\\1\\s*>",
            Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern SRC = Pattern.compile("\\bsrc\\s*=", Pattern.CASE_INSENSITIVE);

    /** Powerful features the app does not use are off; camera and microphone only for the app itself (media). */
    static final String PERMISSIONS_POLICY = "camera=(self), microphone=(self), geolocation=(), payment=(), usb=(), "
            + "serial=(), bluetooth=(), midi=(), display-capture=(), interest-cohort=()";

    static final String EMPTY_INLINE_BLOCK = "'sha256-" + sha256("") + "'";

    private BrowserHeaders() {
    }

    /** The policy for a page whose inline blocks are those of {@code page} (the app's index.html), if there is one. */
    static String contentSecurityPolicy(Resource page) {
        Set<String> scripts = new LinkedHashSet<>();
        // React Native for Web makes an empty <style> and fills it through the CSSOM (which CSP
        // does not govern): the empty element is the one inline block it needs.
        Set<String> styles = new LinkedHashSet<>(Set.of(EMPTY_INLINE_BLOCK));
        if (page != null && page.exists()) {
            try (InputStream in = page.getInputStream()) {
                inlineHashes(new String(in.readAllBytes(), StandardCharsets.UTF_8), scripts, styles);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return String.join("; ",
                "default-src 'self'",
                "script-src 'self'" + sources(scripts),
                "style-src 'self'" + sources(styles),
                "img-src 'self' data: blob:",
                "media-src 'self' blob:",
                "font-src 'self' data:",
                // 'self' covers the same origin's ws: and wss: (CSP Level 3).
                "connect-src 'self'",
                "worker-src 'self'",
                "manifest-src 'self'",
                "object-src 'none'",
                "base-uri 'none'",
                "form-action 'self'",
                "frame-ancestors 'none'");
    }

    /** The SHA-256 sources of the inline scripts and styles of an HTML page (scripts with src are files). */
    static void inlineHashes(String html, Set<String> scripts, Set<String> styles) {
        Matcher m = INLINE.matcher(html);
        while (m.find()) {
            boolean script = m.group(1).equalsIgnoreCase("script");
            if (script && SRC.matcher(m.group(2)).find()) {
                continue;
            }
            (script ? scripts : styles).add("'sha256-" + sha256(m.group(3)) + "'");
        }
    }

    private static String sources(Set<String> hashes) {
        return hashes.isEmpty() ? "" : " " + String.join(" ", hashes);
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

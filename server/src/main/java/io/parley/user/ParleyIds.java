package io.parley.user;

import io.parley.platform.web.ProblemException;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Rules for Parley IDs: 4-20 of letters, digits, '.' and '_'; unique regardless of case. */
public final class ParleyIds {
    static final Pattern VALID = Pattern.compile("[A-Za-z0-9._]{4,20}");
    static final Set<String> RESERVED = Set.of("admin", "administrator", "parley", "support", "system", "root",
            "moderator", "help", "official", "security", "staff", "null", "undefined");
    private static final SecureRandom random = new SecureRandom();

    private ParleyIds() {
    }

    public static boolean isWellFormed(String parleyId) {
        return parleyId != null && VALID.matcher(parleyId).matches();
    }

    static String requireValid(String parleyId) {
        if (!isWellFormed(parleyId)) {
            throw ProblemException.badRequest("invalid-parley-id",
                    "A Parley ID is 4 to 20 letters, digits, '.' or '_'");
        }
        if (RESERVED.contains(parleyId.toLowerCase(Locale.ROOT))) {
            throw ProblemException.conflict("parley-id-taken", "That Parley ID is reserved");
        }
        return parleyId;
    }

    /**
     * A first Parley ID for someone who did not choose one: from their email or name where
     * that gives something readable, with random digits to make it likely to be free.
     */
    static String suggest(String email, String displayName, int attempt) {
        String base = clean(email == null ? "" : email.substring(0, Math.max(0, email.indexOf('@'))));
        if (base.length() < 3) {
            base = clean(displayName == null ? "" : displayName);
        }
        if (base.length() < 3 || RESERVED.contains(base)) {
            base = "user";
        }
        base = base.substring(0, Math.min(base.length(), 12));
        int digits = attempt == 0 && base.length() >= 4 && !"user".equals(base) ? 0 : 4 + Math.min(attempt, 4);
        StringBuilder id = new StringBuilder(base);
        for (int i = 0; i < digits; i++) {
            id.append(random.nextInt(10));
        }
        return id.toString();
    }

    private static String clean(String text) {
        String ascii = Normalizer.normalize(text, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        return ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._]", "").replaceAll("^[._]+|[._]+$", "");
    }
}

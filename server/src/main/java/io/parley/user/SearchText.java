package io.parley.user;

import java.text.Normalizer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How names are matched: NFKC then lower-case (so "ＡＢＣ" matches "abc"), and every pair of
 * adjacent characters (code points, so CJK and emoji count as one) indexed as a bigram.
 */
public final class SearchText {
    private SearchText() {
    }

    public static String normalize(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).strip();
    }

    /** The bigrams of each text; a single-character text contributes nothing. */
    public static List<String> bigrams(String... texts) {
        Set<String> grams = new LinkedHashSet<>();
        for (String text : texts) {
            int[] points = text.codePoints().toArray();
            for (int i = 0; i + 1 < points.length; i++) {
                grams.add(new String(points, i, 2));
            }
        }
        return List.copyOf(grams);
    }

    public static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    /** Escapes LIKE's wildcards so user input matches literally. */
    public static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}

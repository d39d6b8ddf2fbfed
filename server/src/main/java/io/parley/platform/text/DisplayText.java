package io.parley.platform.text;

import java.text.Normalizer;
import java.util.Set;

/**
 * The one rule for text shown as someone's or a group's name (and an introduction), after
 * Unicode's security guidance (UTS #39, and IDNA's CONTEXTJ for the joiners): a name must not be
 * able to hide characters, reorder what is shown around it, or look like someone else's name
 * through invisible differences.
 * <ul>
 *   <li>direction controls (U+061C, U+200E/F, U+202A..U+202E, U+2066..U+2069) are removed;</li>
 *   <li>every other invisible (Default_Ignorable_Code_Point, format characters such as U+200B,
 *       U+2060..U+2064, U+FEFF, U+180E, U+00AD, the Hangul fillers) is removed, except where it
 *       is part of what is drawn: ZWJ inside an emoji sequence (👨‍👩‍👧) or between letters of a
 *       script that joins (Arabic, Indic), ZWNJ there too, VS15/VS16 after an emoji,
 *       ideographic variation selectors after a CJK ideograph, and tag characters in a
 *       subdivision flag (🏴󠁧󠁢󠁳󠁣󠁴󠁿);</li>
 *   <li>control characters are refused (a newline is allowed in {@link #lines});</li>
 *   <li>the result is NFC-normalized; in a {@link #line} every kind of space becomes one plain
 *       space, runs collapse, and the ends are trimmed.</li>
 * </ul>
 * An answer of null means refused: a control character, or nothing visible left.
 */
public final class DisplayText {
    private static final Set<Character.UnicodeScript> JOINING_SCRIPTS = Set.of(
            Character.UnicodeScript.ARABIC, Character.UnicodeScript.SYRIAC, Character.UnicodeScript.NKO,
            Character.UnicodeScript.MONGOLIAN, Character.UnicodeScript.DEVANAGARI, Character.UnicodeScript.BENGALI,
            Character.UnicodeScript.GURMUKHI, Character.UnicodeScript.GUJARATI, Character.UnicodeScript.ORIYA,
            Character.UnicodeScript.TAMIL, Character.UnicodeScript.TELUGU, Character.UnicodeScript.KANNADA,
            Character.UnicodeScript.MALAYALAM, Character.UnicodeScript.SINHALA);
    private static final int ZWNJ = 0x200C;
    private static final int ZWJ = 0x200D;
    private static final int BLACK_FLAG = 0x1F3F4;

    private DisplayText() {
    }

    /** A name on one line, cleaned; null when refused. */
    public static String line(String text) {
        String cleaned = clean(text, false);
        if (cleaned == null) {
            return null;
        }
        String collapsed = cleaned.replaceAll("[\\p{Zs}\\s]+", " ").strip();
        return collapsed.isEmpty() ? null : collapsed;
    }

    /** A text of several lines (an introduction), cleaned, newlines kept; null when refused. May be empty. */
    public static String lines(String text) {
        String cleaned = clean(text.replace("\r\n", "\n").replace('\u2028', '\n').replace('\u2029', '\n'), true);
        return cleaned == null ? null : cleaned.strip();
    }

    private static String clean(String text, boolean newlines) {
        int[] points = text.codePoints().toArray();
        StringBuilder kept = new StringBuilder(text.length());
        int previous = -1;
        for (int i = 0; i < points.length; i++) {
            int c = points[i];
            int next = i + 1 < points.length ? points[i + 1] : -1;
            if (Character.getType(c) == Character.CONTROL) {
                if (!(newlines && c == '\n')) {
                    return null;
                }
            } else if (isInvisible(c) && !drawn(previous, c, next)) {
                continue;
            }
            kept.appendCodePoint(c);
            previous = c;
        }
        return Normalizer.normalize(kept, Normalizer.Form.NFC);
    }

    /** Default_Ignorable_Code_Point, direction controls and other format characters. */
    static boolean isInvisible(int c) {
        return Character.getType(c) == Character.FORMAT
                || c == 0x00AD || c == 0x034F || c == 0x061C || c == 0x115F || c == 0x1160 || c == 0x17B4
                || c == 0x17B5 || (c >= 0x180B && c <= 0x180F) || (c >= 0x200B && c <= 0x200F)
                || (c >= 0x202A && c <= 0x202E) || (c >= 0x2060 && c <= 0x206F) || c == 0x3164
                || (c >= 0xFE00 && c <= 0xFE0F) || c == 0xFEFF || c == 0xFFA0 || (c >= 0x1BCA0 && c <= 0x1BCA3)
                || (c >= 0x1D173 && c <= 0x1D17A) || (c >= 0xE0000 && c <= 0xE0FFF);
    }

    /** Whether an invisible character is part of what is drawn, given its neighbours. */
    private static boolean drawn(int previous, int c, int next) {
        if (previous < 0) {
            return false;
        }
        if (c == ZWJ && emojiEnd(previous) && next >= 0 && Character.isExtendedPictographic(next)) {
            return true;
        }
        if ((c == ZWJ || c == ZWNJ) && next >= 0 && joiningScript(previous) && joiningScript(next)
                && Character.UnicodeScript.of(previous) == Character.UnicodeScript.of(next)) {
            return true;
        }
        if (c == 0xFE0E || c == 0xFE0F) {
            return Character.isEmoji(previous);
        }
        if (c >= 0xE0100 && c <= 0xE01EF) {
            return Character.isIdeographic(previous);
        }
        if (c >= 0xE0020 && c <= 0xE007F) {
            return previous == BLACK_FLAG || (previous >= 0xE0020 && previous <= 0xE007E);
        }
        return false;
    }

    /** What may stand before a ZWJ in an emoji sequence: an emoji, a skin tone, VS16, a keycap mark. */
    private static boolean emojiEnd(int c) {
        return Character.isExtendedPictographic(c) || Character.isEmojiModifier(c) || c == 0xFE0F || c == 0x20E3;
    }

    private static boolean joiningScript(int c) {
        return (Character.isLetter(c) || Character.getType(c) == Character.NON_SPACING_MARK
                || Character.getType(c) == Character.COMBINING_SPACING_MARK)
                && JOINING_SCRIPTS.contains(Character.UnicodeScript.of(c));
    }
}

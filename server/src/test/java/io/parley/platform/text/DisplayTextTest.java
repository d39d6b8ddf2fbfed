package io.parley.platform.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DisplayTextTest {

    /** Input and expected output, both written with Java escapes (unescaped by {@link #text}). */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            // direction controls: the classic "evil.exe" reversal and its isolate cousins
            "Ana\\u202Egpj.exe | Anagpj.exe",
            "\\u202AAna\\u202C | Ana",
            "\\u2066Bo\\u2069 \\u200EX\\u200F | Bo X",
            "\\u061CAli | Ali",
            // zero-width and other invisibles
            "A\\u200Bn\\u200Ca | Ana",
            "Ana\\u2060\\u2061\\u2062\\u2063\\u2064 | Ana",
            "\\uFEFFAna | Ana",
            "Ana\\u180E | Ana",
            "An\\u00ADa | Ana",
            "Ana\\u034F | Ana",
            "Ana\\u3164 | Ana",
            // a variation selector that changes nothing is an invisible difference
            "Ana\\uFE00 | Ana",
            "Ana\\uFE0F | Ana",
            // emoji sequences stay whole
            "\\uD83D\\uDC68\\u200D\\uD83D\\uDC69\\u200D\\uD83D\\uDC67 | \\uD83D\\uDC68\\u200D\\uD83D\\uDC69\\u200D\\uD83D\\uDC67",
            "\\uD83D\\uDC4D\\uD83C\\uDFFD\\u200D\\u2642\\uFE0F | \\uD83D\\uDC4D\\uD83C\\uDFFD\\u200D\\u2642\\uFE0F",
            "\\u2764\\uFE0F Mia | \\u2764\\uFE0F Mia",
            "1\\uFE0F\\u20E3 | 1\\uFE0F\\u20E3",
            "\\uD83C\\uDFF4\\uDB40\\uDC67\\uDB40\\uDC62\\uDB40\\uDC73\\uDB40\\uDC63\\uDB40\\uDC74\\uDB40\\uDC7F | "
                    + "\\uD83C\\uDFF4\\uDB40\\uDC67\\uDB40\\uDC62\\uDB40\\uDC73\\uDB40\\uDC63\\uDB40\\uDC74\\uDB40\\uDC7F",
            // ... but a ZWJ or tag outside them goes
            "Ana\\u200D\\uD83D\\uDE00 | Ana\\uD83D\\uDE00",
            "Ana\\uDB40\\uDC67 | Ana",
            // joiners where a script needs them stay (Persian, Hindi)
            "\\u0645\\u06CC\\u200C\\u062E\\u0648\\u0627\\u0647\\u0645 | \\u0645\\u06CC\\u200C\\u062E\\u0648\\u0627\\u0647\\u0645",
            "\\u0915\\u094D\\u200D\\u0937 | \\u0915\\u094D\\u200D\\u0937",
            // NFC, spaces folded, ends trimmed
            "Jose\\u0301 | Jos\\u00E9",
            "  Ana \\u3000\\u00A0 Bo\\u2003 | Ana Bo",
            "\\u738B\\u5C0F\\u660E | \\u738B\\u5C0F\\u660E",
    })
    void aNameKeepsWhatIsDrawnAndLosesWhatIsNot(String input, String expected) {
        assertThat(DisplayText.line(text(input))).isEqualTo(text(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\\u200B\\u200B", "\\u202E", "\\u3164", "\\u115F\\u1160", "\\uFEFF \\u2060",
            "Ana\\nBo", "Ana\\tBo", "Ana\\u0007", "\\u0085Ana"})
    void aNameWithNothingVisibleOrWithControlCharactersIsRefused(String input) {
        assertThat(DisplayText.line(text(input))).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Hi!\\nI like \\u202Ehiking | Hi!\\nI like hiking",
            "line one\\r\\nline two\\u2028three | line one\\nline two\\nthree",
            "\\u200B | ''",
    })
    void anIntroductionKeepsItsLinesAndLosesInvisibles(String input, String expected) {
        assertThat(DisplayText.lines(text(input))).isEqualTo(text(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Hi\\tthere", "Hi\\u0000", "Hi\\u001B[31m"})
    void anIntroductionWithOtherControlCharactersIsRefused(String input) {
        assertThat(DisplayText.lines(text(input))).isNull();
    }

    /** Java's escapes, \\uXXXX included (String.translateEscapes leaves those). */
    private static String text(String escaped) {
        return java.util.regex.Pattern.compile("\\\\u([0-9A-Fa-f]{4})").matcher(escaped)
                .replaceAll(m -> java.util.regex.Matcher.quoteReplacement(
                        String.valueOf((char) Integer.parseInt(m.group(1), 16))))
                .translateEscapes();
    }
}

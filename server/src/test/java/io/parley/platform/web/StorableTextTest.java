package io.parley.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The edge's text rule: what PostgreSQL cannot store as given is refused, everything else passes. */
class StorableTextTest {

    @Test
    void nulAndHalfPairsAreRefused() {
        assertThat(StorableText.firstUnstorable("ab\u0000c")).isEqualTo(2);
        assertThat(StorableText.firstUnstorable("\uD800")).isZero();
        assertThat(StorableText.firstUnstorable("x\uDC00y")).isEqualTo(1);
        assertThat(StorableText.firstUnstorable("x\uD83Dy")).isEqualTo(1);
        assertThat(StorableText.firstUnstorable("\uDE00\uD83D")).isZero();
    }

    @Test
    void emojiCjkAndEverythingElsePass() {
        assertThat(StorableText.storable("")).isTrue();
        assertThat(StorableText.storable("Lunch? 🍜 👩‍👩‍👧 長い 한국어 العربية \t\n\u0001\uFFFF")).isTrue();
        assertThat(StorableText.storable("🍜")).isTrue();
    }

    @Test
    void pathsAndQueriesAreDecodedStrictlyAsUtf8() {
        assertThat(StorableTextFilter.refusedPart("/api/users/search", "q=%E9%95%B7&limit=5")).isNull();
        assertThat(StorableTextFilter.refusedPart("/api/users/search", "q=%F0%9F%8D%9C+soup&flag")).isNull();
        assertThat(StorableTextFilter.refusedPart("/api/users/search", "q=a%00b")).isEqualTo("Parameter 'q'");
        assertThat(StorableTextFilter.refusedPart("/api/users/search", "q=%ED%A0%80")).isEqualTo("Parameter 'q'");
        assertThat(StorableTextFilter.refusedPart("/api/users/search", "q=%C0%80")).isEqualTo("Parameter 'q'");
        assertThat(StorableTextFilter.refusedPart("/api/users/search", "q=%FF")).isEqualTo("Parameter 'q'");
        assertThat(StorableTextFilter.refusedPart("/api/users/search", "q=%4")).isEqualTo("Parameter 'q'");
        assertThat(StorableTextFilter.refusedPart("/api/users/search", "%00=1")).isEqualTo("A parameter name");
        assertThat(StorableTextFilter.refusedPart("/api/users/by-parley-id/a%00b", null)).isEqualTo("The path");
        assertThat(StorableTextFilter.refusedPart("/api/users/by-parley-id/%E9%95%B7", null)).isNull();
    }
}

package io.parley.user;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SearchTextTest {

    @Test
    void normalizesWidthAndCase() {
        assertThat(SearchText.normalize(" ＡＢＣ Straße ")).isEqualTo("abc straße");
        assertThat(SearchText.normalize("王小明")).isEqualTo("王小明");
    }

    @Test
    void bigramsCountCodePointsNotChars() {
        assertThat(SearchText.bigrams("王小明")).containsExactly("王小", "小明");
        assertThat(SearchText.bigrams("a😀b")).containsExactly("a😀", "😀b");
        assertThat(SearchText.bigrams("x")).isEmpty();
        assertThat(SearchText.bigrams("ab", "ab", "bc")).containsExactly("ab", "bc");
    }

    @Test
    void aQueryInsideANameHasAllItsBigramsInTheName() {
        assertThat(SearchText.bigrams("王小明")).containsAll(SearchText.bigrams("小明"));
    }

    @Test
    void escapesLikeWildcards() {
        assertThat(SearchText.escapeLike("50%_off\\")).isEqualTo("50\\%\\_off\\\\");
    }
}

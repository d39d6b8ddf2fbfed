package io.parley.user;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ParleyIdsTest {

    @Test
    void wellFormed() {
        assertThat(ParleyIds.isWellFormed("ana_w")).isTrue();
        assertThat(ParleyIds.isWellFormed("A.b_9")).isTrue();
        assertThat(ParleyIds.isWellFormed("abc")).isFalse();
        assertThat(ParleyIds.isWellFormed("a".repeat(21))).isFalse();
        assertThat(ParleyIds.isWellFormed("小明小明")).isFalse();
        assertThat(ParleyIds.isWellFormed(null)).isFalse();
    }

    @Test
    void suggestionsAreValidWhateverTheInput() {
        for (String[] input : new String[][] {{"grace.hopper@example.com", "Grace"}, {null, "王小明"}, {"a@b.c", "Zoë"},
                {null, null}, {"admin@example.com", "Admin"}, {"x".repeat(60) + "@example.com", ""}}) {
            for (int attempt = 0; attempt < 6; attempt++) {
                String id = ParleyIds.suggest(input[0], input[1], attempt);
                assertThat(ParleyIds.isWellFormed(id)).as(id).isTrue();
                assertThat(ParleyIds.RESERVED).doesNotContain(id);
            }
        }
        assertThat(ParleyIds.suggest("grace.hopper@example.com", "Grace", 0)).isEqualTo("grace.hopper");
        assertThat(ParleyIds.suggest(null, "Zoë Martin", 0)).isEqualTo("zoemartin");
    }
}

package io.parley.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RoutedFrameTest {
    private static final byte[] FRAME = "{\"type\":\"typing\",\"text\":\"héllo\\nwörld 日本\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void whatOneNodeWritesTheOtherReadsAsItWas() {
        RoutedFrame read = RoutedFrame.of(new RoutedFrame("3:1207", new long[] {7, 253778261220261888L}, 42, FRAME).toBytes());
        assertThat(read.origin()).isEqualTo("3:1207");
        assertThat(read.userIds()).containsExactly(7, 253778261220261888L);
        assertThat(read.exceptDevice()).isEqualTo(42);
        assertThat(read.frame()).isEqualTo(FRAME);
    }

    @Test
    void noOriginStaysNone() {
        RoutedFrame read = RoutedFrame.of(new RoutedFrame(null, new long[] {7}, 0, FRAME).toBytes());
        assertThat(read.origin()).isNull();
        assertThat(read.frame()).isEqualTo(FRAME);
    }

    @Test
    void anythingElseIsRefused() {
        for (String wrong : new String[] {"", "no header", "1 2\n{}", "x 1 o\n{}", "1  o\n{}", "1 a,b o\n{}"}) {
            assertThatThrownBy(() -> RoutedFrame.of(wrong.getBytes(StandardCharsets.UTF_8)))
                    .as(wrong).isInstanceOf(IllegalArgumentException.class);
        }
    }
}

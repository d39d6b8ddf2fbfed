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
    void aTracedFrameCarriesItsTraceAndAFrameOfTheVersionBeforeReadsAsUntraced() {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        RoutedFrame traced = RoutedFrame.of(new RoutedFrame("3:1207", new long[] {7}, 42, FRAME, traceparent).toBytes());
        assertThat(traced.traceparent()).isEqualTo(traceparent);
        assertThat(traced.origin()).isEqualTo("3:1207");
        assertThat(traced.frame()).isEqualTo(FRAME);
        RoutedFrame noOrigin = RoutedFrame.of(new RoutedFrame(null, new long[] {7}, 0, FRAME, traceparent).toBytes());
        assertThat(noOrigin.origin()).isNull();
        assertThat(noOrigin.traceparent()).isEqualTo(traceparent);

        byte[] before = "42 7,8 3:1207\n{}".getBytes(StandardCharsets.UTF_8);
        RoutedFrame old = RoutedFrame.of(before);
        assertThat(old.traceparent()).isNull();
        assertThat(old.origin()).isEqualTo("3:1207");
        assertThat(old.userIds()).containsExactly(7, 8);
        // What the version before writes for a frame of no event; and untraced frames are written as it wrote them.
        assertThat(RoutedFrame.of("0 7 \n{}".getBytes(StandardCharsets.UTF_8)).origin()).isNull();
        assertThat(new RoutedFrame("3:1207", new long[] {7, 8}, 42, "{}".getBytes(StandardCharsets.UTF_8)).toBytes())
                .isEqualTo(before);
    }

    @Test
    void anythingElseIsRefused() {
        for (String wrong : new String[] {"", "no header", "1 2\n{}", "x 1 o\n{}", "1  o\n{}", "1 a,b o\n{}"}) {
            assertThatThrownBy(() -> RoutedFrame.of(wrong.getBytes(StandardCharsets.UTF_8)))
                    .as(wrong).isInstanceOf(IllegalArgumentException.class);
        }
    }
}

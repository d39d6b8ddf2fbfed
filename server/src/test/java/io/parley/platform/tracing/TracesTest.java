package io.parley.platform.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TracesTest {
    private final TestTracing sampling = new TestTracing(true);
    private final TestTracing notSampling = new TestTracing(false);

    @AfterEach
    void close() {
        sampling.close();
        notSampling.close();
    }

    @Test
    void aTraceparentCarriesTheTraceToAChildElsewhere() {
        Traces traces = sampling.traces();
        String traceparent;
        String parentSpanId;
        try (Traces.Scope frame = traces.open("ws receive send", Span.Kind.SERVER, null)) {
            TraceContext context = traces.sampled();
            assertThat(context).isNotNull();
            assertThat(traces.toCarry()).isNotNull();
            parentSpanId = context.spanId();
            traceparent = Traces.traceparent(traces.toCarry());
        }
        assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        assertThat(traces.current()).as("out of scope").isNull();

        try (Traces.Scope write = traces.continueOrSkip("ws write", Span.Kind.CONSUMER, traces.parse(traceparent))) {
            assertThat(write.recording()).isTrue();
        }
        SpanData child = sampling.finished().getLast();
        assertThat(child.getName()).isEqualTo("ws write");
        assertThat(child.getParentSpanId()).isEqualTo(parentSpanId);
        assertThat(child.getTraceId()).isEqualTo(traceparent.substring(3, 35));
    }

    @Test
    void withoutSamplingATraceStaysOnTheNodeAndNothingIsRecorded() {
        Traces traces = notSampling.traces();
        try (Traces.Scope frame = traces.open("ws receive send", Span.Kind.SERVER, null)) {
            assertThat(frame.recording()).isFalse();
            TraceContext current = traces.current();
            assertThat(current).as("ids for the log lines").isNotNull();
            assertThat(traces.sampled()).isNull();
            assertThat(traces.toCarry()).as("not exported: nothing to carry").isNull();
            try (Traces.Scope skipped = traces.continueOrSkip("fanout message", null, traces.sampled())) {
                assertThat(skipped.recording()).isFalse();
            }
            // Continued on another thread of the node: the same trace id in its log lines.
            java.util.concurrent.atomic.AtomicReference<String> seen = new java.util.concurrent.atomic.AtomicReference<>();
            Thread other = Thread.ofVirtual().start(() -> {
                try (Traces.Scope resumed = traces.resume(current)) {
                    seen.set(traces.current().traceId());
                }
            });
            other.join();
            assertThat(seen.get()).isEqualTo(current.traceId());
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(notSampling.finished()).isEmpty();
        assertThat(Traces.traceparent(null)).isNull();
    }

    @Test
    void anythingButATraceparentIsNoTrace() {
        Traces traces = sampling.traces();
        String valid = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        assertThat(traces.parse(valid).traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(traces.parse(valid).spanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(traces.parse(valid.replace("-01", "-00")).sampled()).isFalse();
        for (String wrong : new String[] {null, "", "00-", valid + "0", valid.toUpperCase(), "01" + valid.substring(2),
                "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
                "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",
                "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}) {
            assertThat(traces.parse(wrong)).as(wrong).isNull();
        }
    }

    @Test
    void aSpanMayLinkToTheSpansOfOtherTraces() {
        Traces traces = sampling.traces();
        Span a = traces.start("message write", null, null, List.of());
        Span b = traces.start("message write", null, null, List.of());
        Span batch = traces.start("message batch", null, null, List.of(a.context(), b.context()));
        batch.end();
        a.end();
        b.end();
        SpanData recorded = sampling.finished().stream().filter(s -> s.getName().equals("message batch")).findFirst()
                .orElseThrow();
        assertThat(recorded.getLinks()).extracting(link -> link.getSpanContext().getSpanId())
                .containsExactly(a.context().spanId(), b.context().spanId());
        assertThat(recorded.getParentSpanId()).isEqualTo("0000000000000000");
    }

    @Test
    void noneIsAlwaysSafe() {
        try (Traces.Scope scope = Traces.NONE.open("ws receive", Span.Kind.SERVER, null)) {
            scope.name("ws receive send").tag("a", "b");
            assertThat(scope.recording()).isFalse();
            assertThat(Traces.NONE.sampled()).isNull();
            assertThat(Traces.NONE.toCarry()).isNull();
        }
    }
}

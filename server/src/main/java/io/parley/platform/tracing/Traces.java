package io.parley.platform.tracing;

import io.micrometer.tracing.CurrentTraceContext;
import io.micrometer.tracing.Link;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Spans at the seams no library instruments: a WebSocket frame, the message writer's commit, a bus
 * event handed to its listeners, the Kafka hop, the fan-out, a frame routed to another node. HTTP
 * requests get theirs from Spring (Micrometer Observation).
 *
 * <p>A span or trace in scope puts its ids in the log lines written meanwhile (the MDC's
 * {@code traceId}/{@code spanId}), recorded or not. How far a trace is carried:
 * <ul>
 * <li>within the node, always ({@link #current()}: a reference to what is in scope, handed with the
 * work to another thread), so a message's log lines share its frame's trace id;
 * <li>to other nodes (Kafka headers, routed frames: {@link #toCarry()}) only while traces are exported;
 * with no OTLP endpoint nothing is sampled ({@link TracingConfiguration}) and nothing is written for it;
 * <li>spans of their own for the stages of a message only when its trace is sampled ({@link #sampled()}).
 * </ul>
 */
public final class Traces {
    /** For code built outside Spring (unit tests): spans that record nothing. */
    public static final Traces NONE = new Traces(Tracer.NOOP, false);

    private static final Scope NO_SCOPE = new Scope(null, null, null);

    private final Tracer tracer;
    private final boolean exporting;

    /** {@code exporting}: whether spans go anywhere (an exporter is configured). */
    public Traces(Tracer tracer, boolean exporting) {
        this.tracer = tracer;
        this.exporting = exporting;
    }

    /** The trace in scope here, sampled or not (null for none): to continue it on another thread of this node. */
    public @Nullable TraceContext current() {
        return tracer.currentTraceContext().context();
    }

    /** The trace in scope if it is sampled (its stages are worth spans of their own); else null. */
    public @Nullable TraceContext sampled() {
        TraceContext context = current();
        return context != null && Boolean.TRUE.equals(context.sampled()) ? context : null;
    }

    /** The trace in scope, to carry to another node; null while traces are not exported (or for none). */
    public @Nullable TraceContext toCarry() {
        return exporting ? current() : null;
    }

    /** Starts a span, a child of {@code parent} (a trace of its own when null), and puts it in scope until closed. */
    public Scope open(String name, Span.@Nullable Kind kind, @Nullable TraceContext parent) {
        Span span = start(name, kind, parent, List.of());
        return new Scope(span, tracer.withSpan(span), null);
    }

    /** {@link #open} if {@code parent} is a trace to continue; else nothing at all (closing it does nothing). */
    public Scope continueOrSkip(String name, Span.@Nullable Kind kind, @Nullable TraceContext parent) {
        return parent == null ? NO_SCOPE : open(name, kind, parent);
    }

    /**
     * Starts a span that is not in scope (its work goes on elsewhere): end it with {@link Span#end()}.
     * A null kind is an internal span; {@code links} name spans of other traces it serves.
     */
    public Span start(String name, Span.@Nullable Kind kind, @Nullable TraceContext parent, List<TraceContext> links) {
        Span.Builder builder = tracer.spanBuilder().name(name);
        if (kind != null) {
            builder.kind(kind);
        }
        if (parent == null) {
            builder.setNoParent();
        } else {
            builder.setParent(parent);
        }
        for (TraceContext link : links) {
            builder.addLink(new Link(link));
        }
        return builder.start();
    }

    /** Puts a span started elsewhere in scope until closed (closing does not end it). */
    public Scope resume(Span span) {
        return new Scope(null, tracer.withSpan(span), null);
    }

    /** Continues a trace on this thread until closed, without a span (nothing recorded); nothing for null. */
    public Scope resume(@Nullable TraceContext context) {
        return context == null ? NO_SCOPE : new Scope(null, null, tracer.currentTraceContext().newScope(context));
    }

    /** A W3C {@code traceparent} for the context (null for none), to carry it where no propagator goes. */
    public static @Nullable String traceparent(@Nullable TraceContext context) {
        if (context == null) {
            return null;
        }
        return "00-" + context.traceId() + "-" + context.spanId() + (Boolean.TRUE.equals(context.sampled()) ? "-01" : "-00");
    }

    /** The context a {@link #traceparent} names; null for null or anything that is not one (never fails). */
    public @Nullable TraceContext parse(@Nullable String traceparent) {
        if (traceparent == null || traceparent.length() != 55 || !traceparent.startsWith("00-")
                || traceparent.charAt(35) != '-' || traceparent.charAt(52) != '-') {
            return null;
        }
        String traceId = traceparent.substring(3, 35);
        String spanId = traceparent.substring(36, 52);
        String flags = traceparent.substring(53);
        if (!hex(traceId) || !hex(spanId) || !hex(flags) || allZeros(traceId) || allZeros(spanId)) {
            return null;
        }
        return tracer.traceContextBuilder().traceId(traceId).spanId(spanId)
                .sampled((Integer.parseInt(flags, 16) & 1) == 1).build();
    }

    private static boolean hex(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean allZeros(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }

    /** A trace in scope on this thread; closing it restores what was in scope before (and ends its span, if it began one). */
    public static final class Scope implements AutoCloseable {
        private final @Nullable Span span;
        private final Tracer.@Nullable SpanInScope spanInScope;
        private final CurrentTraceContext.@Nullable Scope contextInScope;

        private Scope(@Nullable Span span, Tracer.@Nullable SpanInScope spanInScope,
                CurrentTraceContext.@Nullable Scope contextInScope) {
            this.span = span;
            this.spanInScope = spanInScope;
            this.contextInScope = contextInScope;
        }

        /** Whether it began a span that records (its trace is sampled): worth the cost of naming and tagging it. */
        public boolean recording() {
            return span != null && !span.isNoop();
        }

        /** Names its span anew, if that records (a name is all an unrecorded span would be spared). */
        public Scope name(String name) {
            if (recording()) {
                span.name(name);
            }
            return this;
        }

        /** A tag on its span, if that records. */
        public Scope tag(String key, String value) {
            if (recording()) {
                span.tag(key, value);
            }
            return this;
        }

        @Override
        public void close() {
            if (contextInScope != null) {
                contextInScope.close();
            }
            if (spanInScope != null) {
                spanInScope.close();
            }
            if (span != null) {
                span.end();
            }
        }
    }
}

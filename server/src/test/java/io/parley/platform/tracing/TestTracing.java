package io.parley.platform.tracing;

import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Traces on a real OpenTelemetry SDK for unit tests, every finished span kept in memory. Close it to
 * shut its provider down.
 */
public final class TestTracing implements AutoCloseable {
    private final List<SpanData> finished = new CopyOnWriteArrayList<>();
    private final SdkTracerProvider provider;
    private final Traces traces;

    /** {@code sampling}: every trace sampled (as with an exporter), or none (as without). */
    public TestTracing(boolean sampling) {
        provider = SdkTracerProvider.builder().setSampler(sampling ? Sampler.alwaysOn() : Sampler.alwaysOff())
                .addSpanProcessor(SimpleSpanProcessor.create(new SpanExporter() {
                    @Override
                    public CompletableResultCode export(Collection<SpanData> spans) {
                        finished.addAll(spans);
                        return CompletableResultCode.ofSuccess();
                    }

                    @Override
                    public CompletableResultCode flush() {
                        return CompletableResultCode.ofSuccess();
                    }

                    @Override
                    public CompletableResultCode shutdown() {
                        return CompletableResultCode.ofSuccess();
                    }
                })).build();
        traces = new Traces(new OtelTracer(provider.get("test"), new OtelCurrentTraceContext(), event -> { }), sampling);
    }

    public Traces traces() {
        return traces;
    }

    /** The spans ended so far (recorded ones only: a trace not sampled leaves none). */
    public List<SpanData> finished() {
        return List.copyOf(finished);
    }

    @Override
    public void close() {
        provider.close();
    }
}

package io.parley.platform.tracing;

import io.micrometer.tracing.Tracer;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SdkTracerProviderBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Traces are exported over OTLP when an endpoint is configured
 * ({@code management.opentelemetry.tracing.export.otlp.endpoint}, or {@code OTEL_EXPORTER_OTLP_ENDPOINT}),
 * sampled as {@code management.tracing.sampling.probability} says (application.yml: 10%).
 *
 * <p>Without an exporter nothing is sampled: spans still give every log line of a request, a frame or
 * a bus event its trace id (cheap, unrecorded spans), but none is recorded only to be thrown away,
 * and no trace is written into what goes to other nodes (see {@link Traces}).
 */
@Configuration(proxyBeanMethods = false)
class TracingConfiguration {

    @Bean
    SdkTracerProviderBuilderCustomizer sampleNothingWithoutExporter(ObjectProvider<SpanExporter> exporters) {
        // Applied after Boot has set its sampler on the builder: this one wins only when nothing exports.
        return builder -> {
            if (!exporting(exporters)) {
                builder.setSampler(Sampler.alwaysOff());
            }
        };
    }

    @Bean
    Traces traces(Tracer tracer, ObjectProvider<SpanExporter> exporters) {
        return new Traces(tracer, exporting(exporters));
    }

    private static boolean exporting(ObjectProvider<SpanExporter> exporters) {
        return exporters.stream().findAny().isPresent();
    }
}

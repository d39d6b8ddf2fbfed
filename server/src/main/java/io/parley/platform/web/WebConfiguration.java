package io.parley.platform.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.util.unit.DataSize;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebConfiguration.WebLimits.class)
class WebConfiguration {

    /**
     * @param maxJsonBody   largest JSON (or other non-upload) request body
     * @param maxUploadBody largest upload request body (multipart or raw binary)
     */
    @ConfigurationProperties("parley.web")
    record WebLimits(@DefaultValue("128KB") DataSize maxJsonBody, @DefaultValue("6MB") DataSize maxUploadBody) {
    }

    /**
     * JSON means what it says: no number where a string belongs, no string "true" for a boolean,
     * no 1.5 for an integer. (A numeric string for a number is accepted: ids travel as strings.)
     */
    @Bean
    JsonMapperBuilderCustomizer strictScalars() {
        return builder -> builder
                .withCoercionConfig(LogicalType.Textual, config -> config
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Boolean, config -> config
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Integer, config -> config
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }

    /** Every string read from JSON (bodies and WebSocket frames) can be stored as it came: see StorableText. */
    @Bean
    JsonMapperBuilderCustomizer storableStrings() {
        return builder -> builder.addModule(new SimpleModule("storable-strings")
                .addDeserializer(String.class, new StorableStringDeserializer()));
    }

    @Bean
    FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(WebLimits limits, JsonMapper json) {
        var registration = new FilterRegistrationBean<>(
                new BodySizeLimitFilter(limits.maxJsonBody(), limits.maxUploadBody(), json));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.addUrlPatterns("/api/*");
        return registration;
    }

    /**
     * Spring Security's firewall refuses some URLs before any handler runs (";", "//", "..",
     * encoded slashes): a 400 problem detail, like every other refusal.
     */
    @Bean
    RequestRejectedHandler rejectedRequests(JsonMapper json) {
        return (request, response, e) -> {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(response.getOutputStream(), Problems.of(HttpStatus.BAD_REQUEST, "rejected-request",
                    "The URL or a header holds something not allowed, such as ';', '//', '..' or an encoded slash"));
        };
    }

    /** The same text rule for the path and query parameters. */
    @Bean
    FilterRegistrationBean<StorableTextFilter> storableTextFilter(JsonMapper json) {
        var registration = new FilterRegistrationBean<>(new StorableTextFilter(json));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 11);
        registration.addUrlPatterns("/api/*", "/media/*");
        return registration;
    }
}

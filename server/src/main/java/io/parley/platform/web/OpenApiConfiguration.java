package io.parley.platform.web;

import io.parley.platform.security.Caller;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document (/v3/api-docs) is the contract the app's types are generated from
 * (docs/client.md), so it must say exactly what the server does.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {
    static {
        // The caller comes from the bearer token, not from the request's parameters.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }
}

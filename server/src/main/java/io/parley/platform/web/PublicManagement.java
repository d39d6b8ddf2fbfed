package io.parley.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.endpoint.ApiVersion;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointWebExtension;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What the public port answers of the management endpoints: {@code /actuator/health} and its
 * groups ({@code /liveness}, {@code /readiness}), which nginx, load balancers, container health
 * checks and the cluster launcher ask there, and nothing else. Metrics are for the operator's
 * network only: they are served on the management port ({@code management.server.port}, set by
 * the prod profile), never here, also when the endpoints share this port (the embedded default).
 */
@Configuration(proxyBeanMethods = false)
class PublicManagement {
    private static final String ACTUATOR = "/actuator";
    private static final String HEALTH = "/actuator/health";

    /**
     * After Spring Security, whose firewall has refused paths that are not normalised
     * ({@code ;}, {@code //}, encoded slashes), so the path seen here is the one that is mapped.
     */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> onlyHealthOnPublicPort() {
        return new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                String path = request.getRequestURI().substring(request.getContextPath().length());
                return !isManagement(path) || isHealth(path);
            }

            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws IOException {
                response.sendError(HttpServletResponse.SC_NOT_FOUND);
            }
        });
    }

    static boolean isManagement(String path) {
        return path.equals(ACTUATOR) || path.startsWith(ACTUATOR + "/");
    }

    static boolean isHealth(String path) {
        return path.equals(HEALTH) || path.startsWith(HEALTH + "/");
    }

    /** With the endpoints on their own port, health is answered here too, as the endpoint itself would. */
    @RestController
    @ConditionalOnManagementPort(ManagementPortType.DIFFERENT)
    static final class PublicHealthController {
        private final HealthEndpointWebExtension health;

        PublicHealthController(HealthEndpointWebExtension health) {
            this.health = health;
        }

        @GetMapping({HEALTH, HEALTH + "/{*path}"})
        ResponseEntity<HealthDescriptor> health(@PathVariable(required = false) String path) {
            String[] segments = path == null ? new String[0]
                    : Arrays.stream(path.split("/")).filter(segment -> !segment.isEmpty()).toArray(String[]::new);
            WebEndpointResponse<HealthDescriptor> answer = health.health(ApiVersion.LATEST, WebServerNamespace.SERVER,
                    SecurityContext.NONE, false, segments);
            return ResponseEntity.status(answer.getStatus()).body(answer.getBody());
        }
    }
}

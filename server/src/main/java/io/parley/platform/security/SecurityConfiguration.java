package io.parley.platform.security;

import io.parley.platform.ParleyProperties;
import io.parley.platform.web.ProblemException;
import io.parley.platform.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.CrossOriginOpenerPolicyHeaderWriter.CrossOriginOpenerPolicy;
import org.springframework.security.web.header.writers.CrossOriginResourcePolicyHeaderWriter.CrossOriginResourcePolicy;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
class SecurityConfiguration {

    /** Paths under /api that anyone may call: signing in needs no token. */
    static final String[] PUBLIC_API = {
        "/api/auth/providers", "/api/auth/local/**", "/api/auth/refresh", "/api/auth/exchange",
        "/api/auth/google/**", "/api/auth/facebook/**",
    };

    @Bean
    SigningKeys signingKeys(SecurityProperties security, ParleyProperties parley) {
        return SigningKeys.load(security, parley);
    }

    @Bean
    JwtDecoder jwtDecoder(SigningKeys keys, SecurityProperties properties, SessionRevocations revocations, AccountGate gate,
            Clock clock) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(keys.publicKey())
                .signatureAlgorithm(SignatureAlgorithm.RS256).build();
        JwtTimestampValidator timestamps = new JwtTimestampValidator(AccessTokens.CLOCK_SKEW);
        timestamps.setClock(clock);
        OAuth2TokenValidator<Jwt> notRevoked = jwt -> {
            String sid = jwt.getClaimAsString(AccessTokens.SESSION_CLAIM);
            if (sid == null || jwt.getSubject() == null) {
                return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "Not a Parley access token", null));
            }
            try {
                // A barred account's sessions are revoked too; its token passes here so that the
                // gate (accountGate below) answers why with a 403, not a bare 401.
                return revocations.isRevoked(Long.parseLong(sid)) && gate.refusal(Long.parseLong(jwt.getSubject())).isEmpty()
                        ? OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "The session was signed out", null))
                        : OAuth2TokenValidatorResult.success();
            } catch (NumberFormatException e) {
                return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "Not a Parley access token", null));
            }
        };
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(List.of(
                timestamps, new JwtIssuerValidator(properties.issuer()), notRevoked)));
        return decoder;
    }

    @Bean
    AccessTokens accessTokens(SigningKeys keys, SecurityProperties properties, Clock clock, JwtDecoder decoder) {
        return new AccessTokens(keys, properties, clock, decoder);
    }

    /**
     * The WebSocket handshake: a bearer token and nothing else. Thousands of sockets (re)connect
     * at once after a restart; the general chain's header writers, anonymous user, request cache
     * and session handling would more than double the work of each handshake for nothing.
     */
    @Bean
    @Order(1)
    SecurityFilterChain webSocketFilterChain(HttpSecurity http, JwtDecoder decoder, AccountGate gate, JsonMapper json)
            throws Exception {
        bearerOnly(http.securityMatcher("/ws"), decoder, gate, new ProblemWriter(json))
                .headers(AbstractHttpConfigurer::disable)
                .anonymous(AbstractHttpConfigurer::disable)
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated());
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain securityFilterChain(HttpSecurity http, JwtDecoder decoder, AccountGate gate, JsonMapper json)
            throws Exception {
        ProblemWriter problems = new ProblemWriter(json);
        String policy = BrowserHeaders.contentSecurityPolicy(new ClassPathResource("static/index.html"));
        bearerOnly(http, decoder, gate, problems)
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(policy))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
                        .frameOptions(frames -> frames.deny())
                        .permissionsPolicyHeader(permissions -> permissions.policy(BrowserHeaders.PERMISSIONS_POLICY))
                        .crossOriginOpenerPolicy(opener -> opener.policy(CrossOriginOpenerPolicy.SAME_ORIGIN))
                        .crossOriginResourcePolicy(resource -> resource.policy(CrossOriginResourcePolicy.SAME_ORIGIN)))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(PUBLIC_API).permitAll()
                        .requestMatchers("/api/**").authenticated()
                        .anyRequest().permitAll())
                .exceptionHandling(exceptions -> exceptions.accessDeniedHandler((request, response, e) -> problems.write(response,
                        HttpStatus.FORBIDDEN, "forbidden", "Not allowed")));
        return http.build();
    }

    /**
     * What both chains share: stateless, no forms, cookies or saved requests; a bearer token
     * (header, subprotocol or query) or a 401 problem detail; an account that may not act gets
     * the gate's 403 on every call.
     */
    private static HttpSecurity bearerOnly(HttpSecurity http, JwtDecoder decoder, AccountGate gate, ProblemWriter problems)
            throws Exception {
        AuthenticationEntryPoint unauthenticated = (request, response, e) -> problems.write(response,
                HttpStatus.UNAUTHORIZED, "unauthenticated", "A valid access token is required");
        return http.csrf(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .oauth2ResourceServer(resource -> resource
                        .jwt(jwt -> jwt.decoder(decoder))
                        .bearerTokenResolver(bearerTokenResolver())
                        .authenticationEntryPoint(unauthenticated))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(unauthenticated))
                .addFilterAfter(accountGate(gate, problems), BearerTokenAuthenticationFilter.class);
    }

    private static OncePerRequestFilter accountGate(AccountGate gate, ProblemWriter problems) {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                if (SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token) {
                    var refusal = gate.refusal(Long.parseLong(token.getToken().getSubject()));
                    if (refusal.isPresent()) {
                        problems.write(response, refusal.get());
                        return;
                    }
                }
                chain.doFilter(request, response);
            }
        };
    }

    /**
     * Tokens come in the Authorization header. Browsers cannot set headers on a WebSocket, so
     * the handshake also takes one as a subprotocol ("bearer.<token>", next to "parley.v1"),
     * or, for simple clients, in the access_token query parameter.
     */
    static BearerTokenResolver bearerTokenResolver() {
        DefaultBearerTokenResolver header = new DefaultBearerTokenResolver();
        DefaultBearerTokenResolver headerOrQuery = new DefaultBearerTokenResolver();
        headerOrQuery.setAllowUriQueryParameter(true);
        return request -> {
            if (!request.getRequestURI().equals("/ws")) {
                return header.resolve(request);
            }
            String protocols = request.getHeader("Sec-WebSocket-Protocol");
            if (protocols != null) {
                for (String protocol : protocols.split(",")) {
                    String trimmed = protocol.strip();
                    if (trimmed.startsWith(SUBPROTOCOL_PREFIX) && trimmed.length() > SUBPROTOCOL_PREFIX.length()) {
                        return trimmed.substring(SUBPROTOCOL_PREFIX.length());
                    }
                }
            }
            return headerOrQuery.resolve(request);
        };
    }

    static final String SUBPROTOCOL_PREFIX = "bearer.";

    @Bean
    WebMvcConfigurer callerArgument() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new CallerArgumentResolver());
            }
        };
    }

    static final class CallerArgumentResolver implements HandlerMethodArgumentResolver {
        @Override
        public boolean supportsParameter(MethodParameter parameter) {
            return parameter.getParameterType() == Caller.class;
        }

        @Override
        public Caller resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
                WebDataBinderFactory binders) {
            if (SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token) {
                return Caller.from(token.getToken());
            }
            throw new IllegalStateException("No authenticated caller on " + request.getDescription(false));
        }
    }

    record ProblemWriter(JsonMapper json) {
        void write(HttpServletResponse response, HttpStatus status, String code, String detail) throws IOException {
            response.setStatus(status.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            if (status == HttpStatus.UNAUTHORIZED) {
                response.setHeader("WWW-Authenticate", "Bearer");
            }
            json.writeValue(response.getOutputStream(), Problems.of(status, code, detail));
        }

        void write(HttpServletResponse response, ProblemException problem) throws IOException {
            response.setStatus(problem.status().value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            ProblemDetail detail = Problems.of(problem.status(), problem.code(), problem.getMessage());
            problem.properties().forEach(detail::setProperty);
            json.writeValue(response.getOutputStream(), detail);
        }
    }

}

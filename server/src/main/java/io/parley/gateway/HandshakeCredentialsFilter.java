package io.parley.gateway;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs after the security filter has checked the WebSocket handshake's token, and hides the
 * token from everything that follows: Tomcat copies the handshake's headers, query string and
 * parameters into the socket's session and keeps them as long as the socket lives. The token
 * has no business there (a heap dump would hold every user's), and with tens of thousands of
 * sockets its copies are a noticeable share of the memory per connection.
 */
class HandshakeCredentialsFilter extends OncePerRequestFilter {
    static final String BEARER_PROTOCOL = "bearer.";

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"/ws".equals(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(new WithoutCredentials(request), response);
    }

    private static final class WithoutCredentials extends HttpServletRequestWrapper {
        WithoutCredentials(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            if (isAuthorization(name)) {
                return null;
            }
            String value = super.getHeader(name);
            return isProtocols(name) && value != null ? withoutBearer(value) : value;
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            if (isAuthorization(name)) {
                return Collections.emptyEnumeration();
            }
            if (isProtocols(name)) {
                List<String> values = Collections.list(super.getHeaders(name)).stream()
                        .map(WithoutCredentials::withoutBearer).filter(v -> !v.isEmpty()).toList();
                return Collections.enumeration(values);
            }
            return super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
                    .filter(name -> !isAuthorization(name)).toList());
        }

        @Override
        public String getQueryString() {
            return null;
        }

        @Override
        public String getParameter(String name) {
            return null;
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return Map.of();
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return Collections.emptyEnumeration();
        }

        @Override
        public String[] getParameterValues(String name) {
            return null;
        }

        private static boolean isAuthorization(String name) {
            return "authorization".equals(name.toLowerCase(Locale.ROOT));
        }

        private static boolean isProtocols(String name) {
            return "sec-websocket-protocol".equals(name.toLowerCase(Locale.ROOT));
        }

        /** "parley.v1, bearer.eyJ..." becomes "parley.v1". */
        private static String withoutBearer(String protocols) {
            return String.join(", ", java.util.Arrays.stream(protocols.split(","))
                    .map(String::strip).filter(p -> !p.startsWith(BEARER_PROTOCOL)).toList());
        }
    }
}

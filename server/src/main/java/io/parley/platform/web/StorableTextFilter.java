package io.parley.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link StorableText}'s rule for what arrives outside a JSON body: the path and the query
 * parameters (path variables and request parameters). It reads only the request line, never the
 * body, so uploads pass untouched. Percent-encoded bytes must also be UTF-8: anything else would
 * be replaced by "\uFFFD" and stored unlike what was sent.
 */
class StorableTextFilter extends OncePerRequestFilter {
    private final JsonMapper json;

    StorableTextFilter(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String refused = refusedPart(request.getRequestURI(), request.getQueryString());
        if (refused != null) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(response.getOutputStream(), Problems.of(HttpStatus.BAD_REQUEST, "invalid-text",
                    refused + " holds a character that cannot be stored (" + StorableText.RULE
                            + "; percent-encoded bytes must be UTF-8)"));
            return;
        }
        chain.doFilter(request, response);
    }

    /** "The path", "Parameter 'q'"... for the first part that breaks the rule; null when none does. */
    static String refusedPart(String path, String query) {
        if (path != null && !storable(path, false)) {
            return "The path";
        }
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            if (!storable(name, true)) {
                return "A parameter name";
            }
            if (equals >= 0 && !storable(pair.substring(equals + 1), true)) {
                String named = decode(name, true);
                return "Parameter '" + (named.length() > 64 ? named.substring(0, 64) + "..." : named) + "'";
            }
        }
        return null;
    }

    private static boolean storable(String raw, boolean form) {
        String text = decode(raw, form);
        return text != null && StorableText.storable(text);
    }

    /** Percent-decodes strictly as UTF-8; null when the encoding or the bytes are malformed. */
    private static String decode(String raw, boolean form) {
        if (raw.indexOf('%') < 0 && (!form || raw.indexOf('+') < 0)) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int high = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int low = high < 0 ? -1 : Character.digit(raw.charAt(i + 2), 16);
                if (low < 0) {
                    return null;
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else if (form && c == '+') {
                bytes.write(' ');
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}

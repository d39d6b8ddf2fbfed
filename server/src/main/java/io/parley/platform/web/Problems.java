package io.parley.platform.web;

import java.net.URI;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import tools.jackson.core.JacksonException;

/** Builds problem details with Parley's stable type URIs. */
public final class Problems {
    private Problems() {
    }

    public static URI type(String code) {
        return URI.create("/problems/" + code);
    }

    public static ProblemDetail of(HttpStatusCode status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type(code));
        problem.setTitle(titleOf(code));
        return problem;
    }

    /** The field a JSON reading failure is about: "name", "members.[2].id"; "body" for the whole body. */
    static String fieldOf(JacksonException e) {
        return e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .reduce((a, b) -> a + "." + b).orElse("body");
    }

    /** The code for a status that no handler described (Spring's own errors, the container's). */
    static String codeFor(int status) {
        return switch (status) {
            case 400 -> "bad-request";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            case 503 -> "unavailable";
            default -> status >= 400 && status < 500 ? "bad-request" : "internal-error";
        };
    }

    /** "unsend-window-passed" becomes "Unsend window passed". */
    static String titleOf(String code) {
        String words = code.replace('-', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}

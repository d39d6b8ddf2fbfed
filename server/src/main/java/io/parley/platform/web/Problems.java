package io.parley.platform.web;

import java.net.URI;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

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

    /** "unsend-window-passed" becomes "Unsend window passed". */
    static String titleOf(String code) {
        String words = code.replace('-', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}

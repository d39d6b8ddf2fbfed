package io.parley.platform.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's last word on a request it refused before any application code ran (a path that is not
 * UTF-8 or holds an encoded NUL, say): a problem detail instead of Tomcat's HTML page. Errors the
 * application has answered are left alone.
 */
public class ProblemReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable failure) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String code = Problems.codeFor(status);
        String detail = status >= 500 ? "Something went wrong on our side" : "The request could not be read";
        String body = "{\"type\":\"/problems/" + code + "\",\"title\":\"" + Problems.titleOf(code) + "\",\"status\":"
                + status + ",\"detail\":\"" + detail + "\"}";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the response already went out: nothing more to say.
        }
    }
}

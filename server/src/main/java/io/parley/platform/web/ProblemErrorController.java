package io.parley.platform.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the container's error page (/error) answers for errors no handler described: a filter's
 * failure, a sendError from outside Spring MVC. A problem detail like every other error; a
 * direct request for /error is a 404.
 */
@Hidden
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatusCode status = code instanceof Integer value && value >= 400 && value < 600
                ? HttpStatusCode.valueOf(value) : HttpStatus.NOT_FOUND;
        String problem = Problems.codeFor(status.value());
        String detail = status.is5xxServerError() ? "Something went wrong on our side; it has been logged"
                : status.value() == 404 ? "No such resource" : "The request could not be processed";
        ProblemDetail body = Problems.of(status, problem, detail);
        // The request that failed, not "/error".
        if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String failed) {
            try {
                body.setInstance(URI.create(failed));
            } catch (IllegalArgumentException e) {
                // Not a URI: leave it out.
            }
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }
}

package io.parley.account;

import io.parley.platform.web.ProblemException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/** Calls to Google and Facebook: short timeouts, and their failures told apart from ours. */
final class ProviderCalls {
    private static final Logger log = LoggerFactory.getLogger(ProviderCalls.class);

    private ProviderCalls() {
    }

    static RestClient client() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
        factory.setReadTimeout(Duration.ofSeconds(10));
        return RestClient.builder().requestFactory(factory).build();
    }

    /**
     * Runs a provider call: a 4xx from the provider means the code or token we were given is no
     * good (401 for our caller); anything else means the provider is unreachable (502).
     */
    static <T> T call(String provider, Supplier<T> call) {
        try {
            return call.get();
        } catch (HttpClientErrorException e) {
            log.info("{} refused a sign-in: {} {}", provider, e.getStatusCode(), e.getResponseBodyAsString());
            throw invalidIdentity(provider);
        } catch (RestClientException e) {
            log.warn("{} could not be reached: {}", provider, e.getMessage());
            throw new ProblemException(HttpStatus.BAD_GATEWAY, "provider-unavailable",
                    "Could not reach " + provider + "; try again shortly");
        }
    }

    static ProblemException invalidIdentity(String provider) {
        return ProblemException.unauthorized("invalid-identity-token", provider + " did not confirm this sign-in");
    }

    static ProblemException disabled(String provider) {
        return ProblemException.forbidden("provider-disabled", "Signing in with " + provider + " is turned off on this server");
    }
}

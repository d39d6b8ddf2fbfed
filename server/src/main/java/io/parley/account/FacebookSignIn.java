package io.parley.account;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Facebook Login: the browser code flow (with PKCE), and access tokens posted by the mobile app.
 * A token is only trusted once the Graph API's debug_token says it was issued to our app.
 */
@Component
public final class FacebookSignIn implements IdentityProvider {
    private final AccountProperties.Facebook properties;
    private final RestClient http = ProviderCalls.client();

    FacebookSignIn(AccountProperties properties) {
        this.properties = properties.facebook();
    }

    @Override
    public String name() {
        return "facebook";
    }

    @Override
    public boolean enabled() {
        return properties.enabled();
    }

    String appId() {
        return properties.appId();
    }

    @Override
    public URI authorizationUrl(String state, String codeChallenge, String nonce, URI redirectUri) {
        requireEnabled();
        return UriComponentsBuilder.fromUri(properties.dialogUrl())
                .queryParam("client_id", properties.appId())
                .queryParam("redirect_uri", redirectUri)
                .queryParam("response_type", "code")
                .queryParam("scope", "public_profile,email")
                .queryParam("state", state)
                .queryParam("code_challenge", codeChallenge)
                .queryParam("code_challenge_method", "S256")
                .encode().build().toUri();
    }

    @Override
    public VerifiedIdentity exchange(String code, String codeVerifier, String nonce, URI redirectUri) {
        requireEnabled();
        URI tokenUrl = UriComponentsBuilder.fromUri(graph("/oauth/access_token"))
                .queryParam("client_id", properties.appId())
                .queryParam("client_secret", properties.appSecret())
                .queryParam("redirect_uri", redirectUri)
                .queryParam("code", code)
                .queryParam("code_verifier", codeVerifier)
                .encode().build().toUri();
        Map<?, ?> response = ProviderCalls.call("Facebook", () -> http.get().uri(tokenUrl).retrieve().body(Map.class));
        Object accessToken = response == null ? null : response.get("access_token");
        if (!(accessToken instanceof String token)) {
            throw ProviderCalls.invalidIdentity("Facebook");
        }
        return verifiedIdentityOf(token);
    }

    /** The mobile flow: the app signed in with Facebook's SDK and posts the user access token. */
    public VerifiedIdentity verifyAccessToken(String accessToken) {
        requireEnabled();
        if (accessToken == null || accessToken.isBlank() || accessToken.length() > 4_000) {
            throw ProviderCalls.invalidIdentity("Facebook");
        }
        return verifiedIdentityOf(accessToken);
    }

    private VerifiedIdentity verifiedIdentityOf(String accessToken) {
        URI debugUrl = UriComponentsBuilder.fromUri(graph("/debug_token"))
                .queryParam("input_token", accessToken)
                .queryParam("access_token", properties.appId() + "|" + properties.appSecret())
                .encode().build().toUri();
        Map<?, ?> debug = ProviderCalls.call("Facebook", () -> http.get().uri(debugUrl).retrieve().body(Map.class));
        Map<?, ?> data = debug == null ? null : (debug.get("data") instanceof Map<?, ?> d ? d : null);
        if (data == null || !Boolean.TRUE.equals(data.get("is_valid"))
                || !properties.appId().equals(String.valueOf(data.get("app_id")))) {
            throw ProviderCalls.invalidIdentity("Facebook");
        }
        URI meUrl = UriComponentsBuilder.fromUri(graph("/me"))
                .queryParam("fields", "id,name,email")
                .queryParam("access_token", accessToken)
                .queryParam("appsecret_proof", proof(accessToken))
                .encode().build().toUri();
        Map<?, ?> me = ProviderCalls.call("Facebook", () -> http.get().uri(meUrl).retrieve().body(Map.class));
        Object id = me == null ? null : me.get("id");
        if (id == null || !String.valueOf(id).equals(String.valueOf(data.get("user_id")))) {
            throw ProviderCalls.invalidIdentity("Facebook");
        }
        Object email = me.get("email");
        return new VerifiedIdentity("facebook", String.valueOf(id),
                email instanceof String e ? e.toLowerCase(Locale.ROOT) : null,
                me.get("name") instanceof String name ? name : null);
    }

    /** appsecret_proof: proves the call comes from the holder of the app secret. */
    private String proof(String accessToken) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(properties.appSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(accessToken.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private URI graph(String path) {
        return URI.create(properties.graphUrl().toString().replaceAll("/$", "") + path);
    }

    private void requireEnabled() {
        if (!enabled()) {
            throw ProviderCalls.disabled("Facebook");
        }
    }
}

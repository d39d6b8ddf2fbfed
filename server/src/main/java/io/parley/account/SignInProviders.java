package io.parley.account;

import org.springframework.stereotype.Component;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

/** Which ways of signing in this server offers, for the sign-in screen. */
@Component
public class SignInProviders {
    private final AccountProperties properties;
    private final GoogleSignIn google;
    private final FacebookSignIn facebook;

    SignInProviders(AccountProperties properties, GoogleSignIn google, FacebookSignIn facebook) {
        this.properties = properties;
        this.google = google;
        this.facebook = facebook;
    }

    /** {@code clientId}/{@code appId} are public: the native SDKs on phones need them. */
    @NullMarked
    @Schema(name = "Providers")
    public record Enabled(Local local, Provider google, Provider facebook) {
        /** {@code passwordReset}: email is on, so sign-up mails a link and "forgot password" works. */
        public record Local(boolean enabled, boolean signUp, boolean passwordReset) {
        }

        public record Provider(boolean enabled, @Nullable String clientId) {
        }
    }

    public Enabled enabled() {
        return new Enabled(
                new Enabled.Local(properties.local().enabled(), properties.local().enabled() && properties.local().signUpEnabled(),
                        properties.local().enabled() && properties.email().enabled()),
                new Enabled.Provider(google.enabled(), google.enabled() ? google.clientId() : null),
                new Enabled.Provider(facebook.enabled(), facebook.enabled() ? facebook.appId() : null));
    }

    public GoogleSignIn google() {
        return google;
    }

    public FacebookSignIn facebook() {
        return facebook;
    }
}

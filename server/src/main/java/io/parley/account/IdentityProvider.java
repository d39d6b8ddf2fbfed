package io.parley.account;

import java.net.URI;

/** A provider people sign in with through the browser: Google or Facebook. */
public sealed interface IdentityProvider permits GoogleSignIn, FacebookSignIn {

    /** "google" or "facebook": the path segment and the stored provider name. */
    String name();

    boolean enabled();

    /** Where to send the browser, with our state, PKCE challenge and nonce. */
    URI authorizationUrl(String state, String codeChallenge, String nonce, URI redirectUri);

    /** Redeems the code the provider sent back and answers whom it vouches for. */
    VerifiedIdentity exchange(String code, String codeVerifier, String nonce, URI redirectUri);
}

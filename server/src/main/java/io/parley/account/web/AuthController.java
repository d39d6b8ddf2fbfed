package io.parley.account.web;

import io.parley.account.AppSignIn;
import io.parley.account.BrowserSignIn;
import io.parley.account.EmailAccounts;
import io.parley.account.PasswordSignIn;
import io.parley.account.ProviderSignIn;
import io.parley.account.Sessions;
import io.parley.account.SignInProviders;
import io.parley.account.SignedIn;
import io.parley.account.TokenRefresh;
import io.parley.platform.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;

@RestController
@RequestMapping("/api/auth")
@Tag(name = "Sign-in", description = "Accounts, sessions and tokens")
class AuthController {
    private final PasswordSignIn passwords;
    private final TokenRefresh refreshes;
    private final Sessions sessions;
    private final ProviderSignIn handoffs;
    private final BrowserSignIn browser;
    private final AppSignIn app;
    private final EmailAccounts email;
    private final SignInProviders providers;
    private final Clock clock;

    AuthController(PasswordSignIn passwords, TokenRefresh refreshes, Sessions sessions, ProviderSignIn handoffs,
            BrowserSignIn browser, AppSignIn app, EmailAccounts email, SignInProviders providers, Clock clock) {
        this.passwords = passwords;
        this.refreshes = refreshes;
        this.sessions = sessions;
        this.handoffs = handoffs;
        this.email = email;
        this.browser = browser;
        this.app = app;
        this.providers = providers;
        this.clock = clock;
    }

    @NullMarked
    record SignUp(@NotBlank @Size(max = 254) String email, @NotNull @Size(max = 1000) String password,
            @NotBlank @Size(max = 200) String displayName, @Size(max = 64) @Nullable String parleyId,
            @Size(max = 200) @Nullable String deviceName) {
    }

    @NullMarked
    record SignIn(@NotBlank @Size(max = 254) String email, @NotNull @Size(max = 1000) String password,
            @Size(max = 200) @Nullable String deviceName) {
    }

    @NullMarked
    record Refresh(@NotBlank @Size(max = 200) String refreshToken) {
    }

    @NullMarked
    record EmailToken(@NotBlank @Size(max = 200) String token, @Size(max = 200) @Nullable String deviceName) {
    }

    @NullMarked
    record ForgotPassword(@NotBlank @Size(max = 254) String email) {
    }

    @NullMarked
    record ResetPassword(@NotBlank @Size(max = 200) String token, @NotNull @Size(max = 1000) String password) {
    }

    @NullMarked
    record Status(String status) {
    }

    private static final Status CHECK_YOUR_EMAIL = new Status("check-your-email");

    @NullMarked
    record Exchange(@NotBlank @Size(max = 200) String code, @NotBlank @Size(max = 200) String codeVerifier,
            @Size(max = 200) @Nullable String deviceName) {
    }

    @NullMarked
    record GoogleIdToken(@NotBlank @Size(max = 10_000) String idToken, @Size(max = 200) @Nullable String deviceName) {
    }

    @NullMarked
    record FacebookAccessToken(@NotBlank @Size(max = 4_000) String accessToken,
            @Size(max = 200) @Nullable String deviceName) {
    }

    @NullMarked
    record Tokens(String accessToken, String tokenType, long expiresIn, String expiresAt, String refreshToken,
            String refreshTokenExpiresAt, String userId, String sessionId, boolean newUser) {
    }

    @NullMarked
    record SessionView(String id, @Nullable String deviceName, String createdAt, String lastActiveAt, boolean current) {
    }

    @GetMapping("/providers")
    @Operation(summary = "Which sign-in methods this server offers (no token needed)")
    SignInProviders.Enabled providers() {
        return providers.enabled();
    }

    @PostMapping(path = "/local/sign-up", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Create a local account (email and password)",
            description = "Without email on the server (the embedded default): 201 with tokens, signed in. With email on: "
                    + "202 {\"status\":\"check-your-email\"} whether or not the address has an account; the mail has "
                    + "the link that finishes the sign-up (POST /api/auth/local/verify-email) or says the account exists.")
    @ApiResponse(responseCode = "201", description = "Signed in (email off)",
            content = @Content(schema = @Schema(implementation = Tokens.class)))
    @ApiResponse(responseCode = "202", description = "A mail is on its way (email on)",
            content = @Content(schema = @Schema(implementation = Status.class)))
    ResponseEntity<?> signUp(@RequestBody @Valid SignUp body, HttpServletRequest request) {
        if (email.enabled()) {
            email.startSignUp(body.email(), body.password(), body.displayName(), body.parleyId(), request.getRemoteAddr());
            return ResponseEntity.accepted().body(CHECK_YOUR_EMAIL);
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(tokens(passwords.signUp(body.email(), body.password(),
                body.displayName(), body.parleyId(), device(body.deviceName(), request), request.getRemoteAddr())));
    }

    @PostMapping(path = "/local/verify-email", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Finish an email sign-up with the token from its mailed link; creates the account and signs in")
    Tokens verifyEmail(@RequestBody @Valid EmailToken body, HttpServletRequest request) {
        return tokens(email.verifySignUp(body.token(), device(body.deviceName(), request)));
    }

    @PostMapping(path = "/local/forgot-password", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Mail a password-reset link (answers the same whether the address has an account)")
    Status forgotPassword(@RequestBody @Valid ForgotPassword body, HttpServletRequest request) {
        email.forgotPassword(body.email(), request.getRemoteAddr());
        return CHECK_YOUR_EMAIL;
    }

    @PostMapping(path = "/local/reset-password", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Set a new password with the token from a reset link; signs every device out")
    void resetPassword(@RequestBody @Valid ResetPassword body) {
        email.resetPassword(body.token(), body.password());
    }

    @PostMapping(path = "/local/sign-in", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Sign in with email and password")
    Tokens signIn(@RequestBody @Valid SignIn body, HttpServletRequest request) {
        return tokens(passwords.signIn(body.email(), body.password(), device(body.deviceName(), request),
                request.getRemoteAddr()));
    }

    @PostMapping(path = "/refresh", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Trade a refresh token for a new access token and a new refresh token",
            description = "Each refresh token works once. Presenting one that was already used signs that device out.")
    Tokens refresh(@RequestBody @Valid Refresh body, HttpServletRequest request) {
        return tokens(refreshes.refresh(body.refreshToken(), request.getRemoteAddr()));
    }

    @PostMapping("/sign-out")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Sign this device out")
    void signOut(Caller caller) {
        sessions.signOut(caller);
    }

    @PostMapping("/sign-out-everywhere")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Sign every device out, this one included")
    void signOutEverywhere(Caller caller) {
        sessions.signOutEverywhere(caller);
    }

    @GetMapping("/sessions")
    @Operation(summary = "The devices you are signed in on")
    List<SessionView> sessions(Caller caller) {
        return sessions.sessions(caller).stream()
                .map(s -> new SessionView(Long.toString(s.id()), s.deviceName(), s.createdAt().toString(),
                        s.lastActiveAt().toString(), s.current()))
                .toList();
    }

    @DeleteMapping("/sessions/{sessionId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Sign one of your devices out")
    void revokeSession(Caller caller, @PathVariable long sessionId) {
        sessions.revokeSession(caller, sessionId);
    }

    @GetMapping("/{provider:google|facebook}/authorize")
    @Operation(summary = "Start signing in with Google or Facebook in the browser",
            description = "Redirects to the provider. return_to is where the app wants the browser back (a path on this "
                    + "server or an allowed app address); client_challenge is BASE64URL(SHA-256(verifier)) of a verifier "
                    + "the app keeps for POST /api/auth/exchange.")
    ResponseEntity<Void> authorize(@PathVariable String provider, @RequestParam("return_to") String returnTo,
            @RequestParam("client_challenge") String clientChallenge, HttpServletRequest request) {
        return redirect(browser.start(provider, returnTo, clientChallenge, request.getRemoteAddr()));
    }

    @GetMapping("/{provider:google|facebook}/callback")
    @Operation(summary = "Where the provider sends the browser back; redirects to the app with #parley_code=...")
    ResponseEntity<Void> callback(@PathVariable String provider, @RequestParam(required = false) String code,
            @RequestParam(required = false) String state, @RequestParam(required = false) String error) {
        return redirect(browser.complete(provider, code, state, error));
    }

    @PostMapping(path = "/exchange", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Finish a browser sign-in: the one-time code and the verifier of its challenge")
    Tokens exchange(@RequestBody @Valid Exchange body, HttpServletRequest request) {
        return tokens(handoffs.exchangeHandoff(body.code(), body.codeVerifier(), device(body.deviceName(), request)));
    }

    @PostMapping(path = "/google/id-token", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Sign in with an ID token from Google Sign-In on a phone")
    Tokens googleIdToken(@RequestBody @Valid GoogleIdToken body, HttpServletRequest request) {
        return tokens(app.google(body.idToken(), device(body.deviceName(), request), request.getRemoteAddr()));
    }

    @PostMapping(path = "/facebook/access-token", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Sign in with a Facebook user access token from the Facebook SDK on a phone")
    Tokens facebookAccessToken(@RequestBody @Valid FacebookAccessToken body, HttpServletRequest request) {
        return tokens(app.facebook(body.accessToken(), device(body.deviceName(), request), request.getRemoteAddr()));
    }

    private Tokens tokens(SignedIn signedIn) {
        long expiresIn = Math.max(0, Duration.between(clock.instant(), signedIn.access().expiresAt()).toSeconds());
        return new Tokens(signedIn.access().token(), "Bearer", expiresIn, signedIn.access().expiresAt().toString(),
                signedIn.refreshToken(), signedIn.refreshExpiresAt().toString(), Long.toString(signedIn.userId()),
                Long.toString(signedIn.sessionId()), signedIn.newUser());
    }

    private static String device(String given, HttpServletRequest request) {
        return given != null && !given.isBlank() ? given : request.getHeader(HttpHeaders.USER_AGENT);
    }

    private static ResponseEntity<Void> redirect(java.net.URI location) {
        return ResponseEntity.status(HttpStatus.FOUND).location(location).build();
    }
}

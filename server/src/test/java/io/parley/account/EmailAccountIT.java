package io.parley.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.parley.ParleyApplication;
import io.parley.support.Api;
import io.parley.support.IntegrationTest;
import io.parley.support.OidcStandIn;
import io.parley.support.TestClock;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Email sign-up and password reset against a real SMTP server (GreenMail) in this JVM. */
@SpringBootTest(classes = ParleyApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(IntegrationTest.TestBeans.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmailAccountIT {
    private static final GreenMail smtp = startSmtp();
    private static final AtomicInteger sequence = new AtomicInteger();
    private static final Pattern LINK = Pattern.compile("http://localhost:0/(verify-email|reset-password)#token=([A-Za-z0-9_-]+)");

    @LocalServerPort
    int port;

    @Autowired
    TestClock clock;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        IntegrationTest.registerEngines(registry);
        registry.add("parley.auth.local.argon2-memory-kib", () -> "1024");
        registry.add("parley.auth.local.argon2-iterations", () -> "1");
        registry.add("parley.auth.email.enabled", () -> "true");
        registry.add("parley.auth.email.from", () -> "Parley <parley@test.example>");
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> Integer.toString(smtp.getSmtp().getPort()));
        registry.add("parley.rate-limits.sign-up-ip.permits", () -> "1000");
        registry.add("parley.rate-limits.sign-in-ip.permits", () -> "1000");
        registry.add("parley.rate-limits.mail-address.permits", () -> "3");
        registry.add("parley.rate-limits.mail-address.per", () -> "1h");
        registry.add("parley.rate-limits.mail-ip.permits", () -> "20");
        registry.add("parley.rate-limits.mail-ip.per", () -> "1h");
    }

    private static GreenMail startSmtp() {
        GreenMail server = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        server.start();
        return server;
    }

    @AfterAll
    static void stopSmtp() {
        smtp.stop();
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private Api api() {
        return new Api(port);
    }

    private static String address() {
        return "mail" + System.nanoTime() % 1_000_000_000L + "_" + sequence.incrementAndGet() + "@example.com";
    }

    private Api.Response signUp(String email, String password) {
        return api().post("/api/auth/local/sign-up", null,
                Api.map("email", email, "password", password, "displayName", "Mail User"));
    }

    /** The mails that reached {@code to}, waiting (up to 5 s) until there are {@code count}. */
    private static List<MimeMessage> mailsTo(String to, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<MimeMessage> found = List.of();
        while (System.nanoTime() < deadline) {
            found = Arrays.stream(smtp.getReceivedMessages()).filter(m -> isTo(m, to)).toList();
            if (found.size() >= count) {
                return found;
            }
            smtp.waitForIncomingEmail(100, smtp.getReceivedMessages().length + 1);
        }
        return found;
    }

    private static boolean isTo(MimeMessage message, String to) {
        try {
            return Arrays.stream(message.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().equals(to));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String tokenIn(MimeMessage mail, String page) {
        Matcher link = LINK.matcher(GreenMailUtil.getBody(mail).replace("=\r\n", ""));
        assertThat(link.find()).as(GreenMailUtil.getBody(mail)).isTrue();
        assertThat(link.group(1)).isEqualTo(page);
        return link.group(2);
    }

    private static String subject(MimeMessage mail) {
        try {
            return mail.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A verified account: signed up, its link followed. Answers its tokens. */
    private Api.Response verifiedAccount(String email, String password) {
        assertThat(signUp(email, password).status()).isEqualTo(202);
        String token = tokenIn(mailsTo(email, 1).getFirst(), "verify-email");
        Api.Response created = api().post("/api/auth/local/verify-email", null, Api.map("token", token));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created;
    }

    @Test
    void signUpMailsALinkThatCreatesTheAccountOnceAndSignsIn() {
        String email = address();
        Api.Response started = signUp(email, "first password");
        assertThat(started.status()).isEqualTo(202);
        assertThat(started.at("/status")).isEqualTo("check-your-email");
        assertThat(started.at("/accessToken")).isEmpty();
        assertThat(api().post("/api/auth/local/sign-in", null, Api.map("email", email, "password", "first password"))
                .status()).as("no account before the address is proven").isEqualTo(401);

        MimeMessage mail = mailsTo(email, 1).getFirst();
        assertThat(subject(mail)).isEqualTo("Confirm your email for Parley");
        String token = tokenIn(mail, "verify-email");
        Api.Response created = api().post("/api/auth/local/verify-email", null, Api.map("token", token));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.at("/newUser")).isEqualTo("true");
        Api.Response me = api().get("/api/me", created.at("/accessToken"));
        assertThat(me.at("/email")).isEqualTo(email);
        assertThat(me.at("/displayName")).isEqualTo("Mail User");

        Api.Response again = api().post("/api/auth/local/verify-email", null, Api.map("token", token));
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.problem()).isEqualTo("invalid-email-token");
        assertThat(api().post("/api/auth/local/sign-in", null, Api.map("email", email, "password", "first password"))
                .status()).isEqualTo(200);
    }

    @Test
    void signUpAnswersTheSameForAnAddressWithAnAccountAndOnlyTheMailSaysSo() {
        String email = address();
        verifiedAccount(email, "first password");

        Api.Response second = signUp(email, "other password");
        assertThat(second.status()).isEqualTo(202);
        assertThat(second.body()).isEqualTo(signUp(address(), "third password").body());
        List<MimeMessage> mails = mailsTo(email, 2);
        assertThat(mails).hasSize(2);
        assertThat(subject(mails.get(1))).isEqualTo("You already have a Parley account");
        assertThat(LINK.matcher(GreenMailUtil.getBody(mails.get(1))).find()).isFalse();
        assertThat(api().post("/api/auth/local/sign-in", null, Api.map("email", email, "password", "other password"))
                .status()).isEqualTo(401);
    }

    @Test
    void aSignUpLinkExpiresAfterADay() {
        String email = address();
        assertThat(signUp(email, "first password").status()).isEqualTo(202);
        String token = tokenIn(mailsTo(email, 1).getFirst(), "verify-email");
        clock.advance(Duration.ofHours(24).plusMinutes(1));
        Api.Response late = api().post("/api/auth/local/verify-email", null, Api.map("token", token));
        assertThat(late.status()).isEqualTo(400);
        assertThat(late.problem()).isEqualTo("invalid-email-token");
    }

    @Test
    void aVerifiedLocalAccountKeepsItsAddressAgainstAGoogleSignIn() {
        String email = address();
        verifiedAccount(email, "first password");
        String idToken = OidcStandIn.idToken("g-" + sequence.incrementAndGet() + "-" + System.nanoTime(),
                OidcStandIn.WEB_CLIENT_ID, Map.of("email", email, "email_verified", true), 3600);
        Api.Response google = api().post("/api/auth/google/id-token", null, Api.map("idToken", idToken));
        assertThat(google.status()).isEqualTo(409);
        assertThat(google.problem()).isEqualTo("account-exists");
    }

    @Test
    void forgotPasswordMailsASingleUseLinkThatSetsThePasswordAndSignsEveryDeviceOut() {
        String email = address();
        Api.Response account = verifiedAccount(email, "old password");

        Api.Response asked = api().post("/api/auth/local/forgot-password", null, Api.map("email", email));
        assertThat(asked.status()).isEqualTo(202);
        MimeMessage mail = mailsTo(email, 2).get(1);
        assertThat(subject(mail)).isEqualTo("Reset your Parley password");
        String token = tokenIn(mail, "reset-password");

        Api.Response weak = api().post("/api/auth/local/reset-password", null, Api.map("token", token, "password", "short"));
        assertThat(weak.problem()).as("a refused password does not use the link up").isEqualTo("weak-password");
        Api.Response reset = api().post("/api/auth/local/reset-password", null,
                Api.map("token", token, "password", "new password"));
        assertThat(reset.status()).as(reset.toString()).isEqualTo(204);

        assertThat(api().get("/api/me", account.at("/accessToken")).status()).isEqualTo(401);
        assertThat(api().post("/api/auth/refresh", null, Api.map("refreshToken", account.at("/refreshToken"))).status())
                .isEqualTo(401);
        assertThat(api().post("/api/auth/local/sign-in", null, Api.map("email", email, "password", "old password"))
                .status()).isEqualTo(401);
        assertThat(api().post("/api/auth/local/sign-in", null, Api.map("email", email, "password", "new password"))
                .status()).isEqualTo(200);
        Api.Response reused = api().post("/api/auth/local/reset-password", null,
                Api.map("token", token, "password", "newer password"));
        assertThat(reused.problem()).isEqualTo("invalid-email-token");
    }

    @Test
    void forgotPasswordForAnAddressWithoutAnAccountAnswersTheSameAndSendsNothing() {
        String known = address();
        verifiedAccount(known, "a password");
        String unknown = address();

        Api.Response forUnknown = api().post("/api/auth/local/forgot-password", null, Api.map("email", unknown));
        Api.Response forKnown = api().post("/api/auth/local/forgot-password", null, Api.map("email", known));
        assertThat(forUnknown.status()).isEqualTo(202);
        assertThat(forUnknown.body()).isEqualTo(forKnown.body());
        // Mails go out in order: once the later one arrived, the earlier would have.
        assertThat(mailsTo(known, 2)).hasSize(2);
        assertThat(mailsTo(unknown, 0)).isEmpty();
    }

    @Test
    void aResetLinkExpiresAfterAnHour() {
        String email = address();
        verifiedAccount(email, "old password");
        api().post("/api/auth/local/forgot-password", null, Api.map("email", email));
        String token = tokenIn(mailsTo(email, 2).get(1), "reset-password");
        clock.advance(Duration.ofMinutes(61));
        Api.Response late = api().post("/api/auth/local/reset-password", null,
                Api.map("token", token, "password", "new password"));
        assertThat(late.problem()).isEqualTo("invalid-email-token");
        clock.reset();
        assertThat(api().post("/api/auth/local/sign-in", null, Api.map("email", email, "password", "old password"))
                .status()).isEqualTo(200);
    }

    @Test
    void mailsToOneAddressAreLimited() {
        String email = address();
        for (int i = 0; i < 3; i++) {
            assertThat(api().post("/api/auth/local/forgot-password", null, Api.map("email", email)).status()).isEqualTo(202);
        }
        Api.Response limited = api().post("/api/auth/local/forgot-password", null, Api.map("email", email));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.problem()).isEqualTo("rate-limited");
        assertThat(signUp(email, "some password").status()).as("sign-up mails count too").isEqualTo(429);
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void mailsFromOneClientAddressAreLimited() {
        int limited = 0;
        for (int i = 0; i < 25; i++) {
            if (api().post("/api/auth/local/forgot-password", null, Api.map("email", address())).status() == 429) {
                limited++;
            }
        }
        assertThat(limited).isPositive();
    }
}

package io.parley.account;

/** An identity a provider vouched for; {@code email} only when the provider verified it. */
public record VerifiedIdentity(String provider, String subject, String email, String displayName) {
}

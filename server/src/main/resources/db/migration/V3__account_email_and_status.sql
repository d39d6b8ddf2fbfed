-- Why an account may not act, and until when (issue 9): status 'suspended' lapses at
-- suspended_until (null: until lifted); status_reason is shown to the person.
alter table users add column suspended_until timestamptz, add column status_reason text;

-- A local account's email is only a claim until a mail to it was answered (a verification or
-- a password reset). An unverified claim never blocks a Google or Facebook sign-in.
alter table local_credentials add column email_verified_at timestamptz;

-- Single-use links mailed to an address: finishing a sign-up ('sign-up': the pending account's
-- details wait here until the address is proven) or resetting a password ('password-reset').
-- Only SHA-256 hashes of the tokens are kept.
create table email_tokens (
    token_hash     bytea primary key,
    purpose        text        not null check (purpose in ('sign-up', 'password-reset')),
    email          text        not null,
    user_id        bigint      references users (id) on delete cascade,
    password_hash  text,
    display_name   text,
    parley_id      text,
    created_at     timestamptz not null,
    expires_at     timestamptz not null
);
create index email_tokens_expires_at on email_tokens (expires_at);
create index email_tokens_user on email_tokens (user_id) where user_id is not null;

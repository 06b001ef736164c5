-- Failed sign-ins, counted for an account and a client address together,
-- so that failures from one place slow down that place only: nobody
-- elsewhere can lock the Chairman out. The account '' counts every account
-- tried from the address, against one password tried on many accounts.
CREATE TABLE sign_in_failures (
	account        TEXT NOT NULL,
	address        TEXT NOT NULL,
	failures       INTEGER NOT NULL CHECK (failures > 0),
	last_failed_at TEXT NOT NULL,
	PRIMARY KEY (account, address)
);

-- An account's authenticator app (TOTP, RFC 6238): the shared secret in
-- base32, unconfirmed while it is being set up, and the newest time step a
-- code was accepted for, so that no code is accepted twice.
CREATE TABLE user_totp (
	user_id      INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
	secret       TEXT NOT NULL CHECK (secret <> ''),
	created_at   TEXT NOT NULL,
	confirmed_at TEXT,
	last_step    INTEGER NOT NULL DEFAULT 0
);

-- Single-use codes for when the authenticator is lost, hashed like
-- passwords.
CREATE TABLE recovery_codes (
	id        INTEGER PRIMARY KEY,
	user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	code_hash TEXT NOT NULL,
	used_at   TEXT
);
CREATE INDEX recovery_codes_user ON recovery_codes(user_id);

-- A subscription's confirmation link and its unsubscribe link carry
-- different tokens: token stays the unsubscribe token that agenda emails
-- already sent carry. A confirmation still pending keeps the token its
-- email carries as its confirm token, and gets a new unsubscribe token:
-- only agendas, sent once confirmed, carry that one.
ALTER TABLE subscriptions ADD COLUMN confirm_token TEXT;
UPDATE subscriptions SET confirm_token = token, token = lower(hex(randomblob(24)))
	WHERE confirmed_at IS NULL AND unsubscribed_at IS NULL;
CREATE UNIQUE INDEX subscriptions_confirm_token ON subscriptions(confirm_token);

package auth

import (
	"strings"
	"testing"
	"time"
)

func TestPasswordHashRoundTrip(t *testing.T) {
	hash, err := HashPassword("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q does not record OWASP's Argon2id parameters", hash)
	}
	if err := VerifyPassword(hash, "correct horse battery staple"); err != nil {
		t.Errorf("the right password was refused: %v", err)
	}
	if err := VerifyPassword(hash, "correct horse battery stapler"); err != ErrMismatch {
		t.Errorf("a wrong password gave %v, want ErrMismatch", err)
	}
	again, _ := HashPassword("correct horse battery staple")
	if again == hash {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
	for _, bad := range []string{"", "plain", "$argon2i$v=19$m=1,t=1,p=1$AA$AA", "$argon2id$v=19$m=x$AA$AA"} {
		if err := VerifyPassword(bad, "x"); err == nil {
			t.Errorf("VerifyPassword(%q) accepted", bad)
		}
	}
}

func TestCheckNewPassword(t *testing.T) {
	if err := CheckNewPassword("short"); err == nil {
		t.Error("a 5-character password was accepted")
	}
	if err := CheckNewPassword("twelve chars"); err != nil {
		t.Errorf("a 12-character password was refused: %v", err)
	}
}

func TestThrottleLimitsAccountsAndAddresses(t *testing.T) {
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	th := NewThrottle(15*time.Minute, 3, 5, func() time.Time { return now })
	for i := 0; i < 3; i++ {
		if ok, _ := th.Allowed("clerk@example.org", "192.0.2.1"); !ok {
			t.Fatalf("attempt %d refused", i+1)
		}
		th.Fail("Clerk@Example.org", "192.0.2.1")
	}
	if ok, wait := th.Allowed("clerk@example.org", "192.0.2.9"); ok || wait != 15*time.Minute {
		t.Errorf("fourth attempt on the account from elsewhere: allowed=%v wait=%v, want refused for 15m", ok, wait)
	}
	for i := 0; i < 2; i++ {
		th.Fail("other"+string(rune('a'+i))+"@example.org", "192.0.2.1")
	}
	if ok, _ := th.Allowed("fresh@example.org", "192.0.2.1"); ok {
		t.Error("a sixth failure from one address was allowed against a fresh account")
	}
	now = now.Add(16 * time.Minute)
	if ok, _ := th.Allowed("clerk@example.org", "192.0.2.1"); !ok {
		t.Error("still refused after the window passed")
	}
	th.Fail("member@example.org", "192.0.2.2")
	th.Succeed("member@example.org")
	for i := 0; i < 2; i++ {
		th.Fail("member@example.org", "192.0.2.2")
	}
	if ok, _ := th.Allowed("member@example.org", "192.0.2.2"); !ok {
		t.Error("a success did not clear the account's earlier failures")
	}
}

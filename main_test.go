package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"minutebook/store"
)

// startMain runs the whole program on port 0 with a database in a temporary
// directory, as `minutebook serve --demo` would.
func startMain(t *testing.T, dbPath string) *Main {
	t.Helper()
	m := &Main{Config: Config{Addr: "127.0.0.1:0", DBPath: dbPath, Demo: true}}
	if err := m.Config.validate(); err != nil {
		t.Fatal(err)
	}
	if err := m.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := m.Listen(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		<-done
		m.Close()
	})
	return m
}

func TestServeTheDemoTwiceAddsNothingTwice(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	count := func(m *Main) int {
		resp, err := http.Get(m.URL() + "/api/v1/meetings")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var list []map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
			t.Fatal(err)
		}
		return len(list)
	}
	first := startMain(t, db)
	resp, err := http.Get(first.URL() + "/healthz")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("healthz: %v %v", resp, err)
	}
	resp.Body.Close()
	n := count(first)
	if n < 5 {
		t.Fatalf("%d meetings after loading the demo", n)
	}
	first.Close()
	second := startMain(t, db)
	if got := count(second); got != n {
		t.Errorf("after a second --demo start: %d meetings, want %d", got, n)
	}
}

func TestDeadlinesCommand(t *testing.T) {
	tests := []struct {
		args     []string
		wantCode int
		wantOut  map[string]string
		wantErr  string
	}{
		{[]string{"deadlines", "--meeting", "2025-01-15"}, 0, map[string]string{"meeting": "2025-01-15", "publish_by": "2025-01-07"}, ""},
		{[]string{"deadlines", "--decision-published", "2024-02-23"}, 0, map[string]string{"decision_published": "2024-02-23", "effective_from": "2024-03-02"}, ""},
		{[]string{"deadlines", "--key-decision-notice", "2023-11-01"}, 0, map[string]string{"key_decision_notice": "2023-11-01", "decide_from": "2023-11-30"}, ""},
		{[]string{"deadlines", "--meeting", "15/01/2025"}, 2, nil, "YYYY-MM-DD"},
		{[]string{"deadlines"}, 2, nil, "exactly one"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			t.Setenv("MINUTEBOOK_DB", "")
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tt.args, strings.NewReader(""), &stdout, &stderr)
			if code != tt.wantCode {
				t.Fatalf("exit %d, want %d; stderr %q", code, tt.wantCode, stderr.String())
			}
			if tt.wantErr != "" && !strings.Contains(stderr.String(), tt.wantErr) {
				t.Errorf("stderr %q does not say %q", stderr.String(), tt.wantErr)
			}
			if tt.wantOut == nil {
				return
			}
			var got map[string]string
			if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
				t.Fatalf("stdout %q: %v", stdout.String(), err)
			}
			for k, v := range tt.wantOut {
				if got[k] != v {
					t.Errorf("%s = %q, want %q", k, got[k], v)
				}
			}
		})
	}
}

func TestPublishPackAndUserCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	m := startMain(t, db)
	// The Policy and Resources Cabinet Committee is the first body loaded.
	resp, err := http.Get(m.URL() + "/api/v1/meetings?committee=1")
	if err != nil {
		t.Fatal(err)
	}
	var meetings []struct {
		ID       int64  `json:"id"`
		Status   string `json:"status"`
		StartsAt string `json:"starts_at"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&meetings); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	next := meetings[len(meetings)-1]
	id := strconv.FormatInt(next.ID, 10)
	cmd := func(stdin string, args ...string) (int, string, string) {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), args, strings.NewReader(stdin), &stdout, &stderr)
		return code, stdout.String(), stderr.String()
	}

	code, out, errOut := cmd("", "pack", "--db", db, "--meeting", id, "--out", filepath.Join(dir, "pack.pdf"))
	if code != 0 {
		t.Fatalf("pack: exit %d: %s", code, errOut)
	}
	if !regexp.MustCompile(`(?m)^5\tRisk Management \(Including RAG ratings\)\tPages \d+ - \d+$`).MatchString(out) {
		t.Errorf("pack did not print item 5's page range:\n%s", out)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "pack.pdf")); err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Errorf("pack wrote no PDF: %v", err)
	}

	members := filepath.Join(dir, "members.pdf")
	if err := os.WriteFile(members, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := cmd("", "pack", "--db", db, "--meeting", id, "--out", members, "--members"); code != 0 {
		t.Fatalf("pack --members: exit %d: %s", code, errOut)
	}
	if fi, err := os.Stat(members); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("the members' pack, with its exempt papers, is readable by others: %v %v", fi.Mode(), err)
	}

	code, out, errOut = cmd("", "publish", "--db", db, "--meeting", id)
	if code != 0 || !strings.Contains(out, "on time") {
		t.Fatalf("publish: exit %d: %s %s", code, out, errOut)
	}
	code, _, errOut = cmd("", "publish", "--db", db, "--meeting", id)
	if code != 1 || !strings.Contains(errOut, "already published") {
		t.Errorf("publishing twice: exit %d, %q", code, errOut)
	}

	code, _, errOut = cmd("short\n", "user", "add", "--db", db, "--email", "new.clerk@example.org", "--name", "New Clerk", "--role", "clerk")
	if code != 2 || !strings.Contains(errOut, "at least 12 characters") {
		t.Errorf("a short password: exit %d, %q", code, errOut)
	}
	code, out, errOut = cmd("a long enough password\n", "user", "add", "--db", db, "--email", "new.clerk@example.org", "--name", "New Clerk", "--role", "clerk", "--committee", "1")
	if code != 0 || !strings.Contains(out, "new.clerk@example.org") {
		t.Errorf("user add: exit %d, %q %q", code, out, errOut)
	}
	code, _, errOut = cmd("a long enough password\n", "user", "add", "--db", db, "--email", "NEW.clerk@example.org", "--name", "Again", "--role", "clerk")
	if code != 1 || !strings.Contains(errOut, "already an account") {
		t.Errorf("a second account for one address: exit %d, %q", code, errOut)
	}
	code, _, errOut = cmd("a long enough password\n", "user", "add", "--db", db, "--email", "x@example.org", "--name", "X", "--role", "mayor")
	if code != 1 || !strings.Contains(errOut, "not a role") {
		t.Errorf("an unknown role: exit %d, %q", code, errOut)
	}
}

func TestLatePublishFromTheCommandLineNeedsAReason(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "late.db")
	s, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	err = s.Update(context.Background(), func(tx *store.Tx) error {
		body, err := tx.CreateBody(store.Body{Name: "Planning Committee", Type: "regulatory", Seats: 12})
		if err != nil {
			return err
		}
		id, err = tx.CreateMeetingWithAgenda(store.Meeting{BodyID: body, StartsAt: time.Now().Add(72 * time.Hour)}, time.UTC)
		return err
	})
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	args := []string{"publish", "--db", db, "--meeting", strconv.FormatInt(id, 10)}
	if code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "--reason") {
		t.Errorf("late publish without a reason: exit %d, %q", code, stderr.String())
	}
	stderr.Reset()
	args = append(args, "--reason", "Called at short notice")
	if code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr); code != 0 || !strings.Contains(stdout.String(), "late: Called at short notice") {
		t.Errorf("late publish with a reason: exit %d, %q %q", code, stdout.String(), stderr.String())
	}
}

func TestVerifyCatchesAChangeBehindTheApplicationsBack(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "verify.db")
	startMain(t, db).Close()
	var stdout, stderr bytes.Buffer
	// The demo's meeting 1 is 27 November 2024, whose minutes the Chairman signed.
	code := run(context.Background(), []string{"verify", "--db", db, "--meeting", "1"}, strings.NewReader(""), &stdout, &stderr)
	if code != 0 || !regexp.MustCompile(`^OK [0-9a-f]{64}\n$`).MatchString(stdout.String()) {
		t.Fatalf("verify of the signed demo minutes: exit %d, %q %q", code, stdout.String(), stderr.String())
	}
	sealed := strings.Fields(stdout.String())[1]
	if out, err := exec.Command("sqlite3", db, `DROP TRIGGER minute_paragraphs_sealed_update;
		UPDATE minute_paragraphs SET markdown = replace(markdown, 'voted against', 'voted for') WHERE markdown LIKE '%Mr Hook wished%';`).CombinedOutput(); err != nil {
		t.Skipf("sqlite3 is needed to edit the file behind minutebook's back: %v %s", err, out)
	}
	stdout.Reset()
	stderr.Reset()
	code = run(context.Background(), []string{"verify", "--db", db, "--meeting", "1"}, strings.NewReader(""), &stdout, &stderr)
	if code != 1 || !strings.Contains(stdout.String(), "CHANGED") || !strings.Contains(stdout.String(), sealed) {
		t.Errorf("verify after an edit: exit %d, %q %q", code, stdout.String(), stderr.String())
	}
}

func TestCommandLineMistakesExitTwoAndSayWhatIsWrong(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	m := startMain(t, db)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"pack", "--db", db, "--meeting", "1", "--out", filepath.Join(dir, "p.pdf"), "--colour"}, "flag provided but not defined: -colour"},
		{[]string{"pack", "--db", db, "--meeting", "abc", "--out", filepath.Join(dir, "p.pdf")}, `invalid value "abc" for flag -meeting`},
		{[]string{"verify", "--db", filepath.Join(dir, "no-such-folder", "x.db"), "--meeting", "1"}, "no database there"},
		{[]string{"serve", "--db", filepath.Join(dir, "no-such-folder", "x.db")}, "no-such-folder does not exist"},
		{[]string{"serve", "--db", filepath.Join(dir, "other.db"), "--addr", strings.TrimPrefix(m.URL(), "http://")}, "is another program using the port"},
		{[]string{"pack", "--db", db, "--meeting", "1", "--out", filepath.Join(dir, "missing", "p.pdf")}, "missing does not exist"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), tc.args, strings.NewReader(""), &stdout, &stderr)
		if code != 2 || !strings.Contains(stderr.String(), tc.want) || strings.Contains(stderr.String(), "Something went wrong") {
			t.Errorf("%v: exit %d, %q; want exit 2 saying %q", tc.args, code, stderr.String(), tc.want)
		}
	}
}

func TestDeadlinesCountTheCouncilsClosureDays(t *testing.T) {
	db := filepath.Join(t.TempDir(), "closed.db")
	s, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	// Closing Thursday 9 January 2025 takes a clear day away, so the last
	// day to publish for 15 January moves back from Tuesday 7th to Monday 6th.
	if err := s.Update(context.Background(), func(tx *store.Tx) error { return tx.AddClosedDay("2025-01-09", "Staff training") }); err != nil {
		t.Fatal(err)
	}
	s.Close()
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"deadlines", "--db", db, "--meeting", "2025-01-15"}, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var got map[string]string
	if err := json.Unmarshal(stdout.Bytes(), &got); err != nil || got["publish_by"] != "2025-01-06" {
		t.Errorf("deadlines with a closure day: %s %v", stdout.String(), err)
	}
}

func TestAnAdministratorResetsALostAuthenticator(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	startMain(t, db).Close()
	s, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	u, err := s.UserByEmail(ctx, "d.brazier@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Update(ctx, func(tx *store.Tx) error {
		if err := tx.StartTOTP(u.ID, "JBSWY3DPEHPK3PXP"); err != nil {
			return err
		}
		return tx.ConfirmTOTP(u.ID, 1, nil)
	}); err != nil {
		t.Fatal(err)
	}
	if before, err := s.UserByEmail(ctx, "d.brazier@example.org"); err != nil || !before.TwoFactor {
		t.Fatalf("two-factor authentication was not set up, so the reset proves nothing: %v", err)
	}
	s.Close()
	var stdout, stderr bytes.Buffer
	if code := run(ctx, []string{"user", "reset-two-factor", "--db", db, "--email", "d.brazier@example.org"}, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	s, err = store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if after, err := s.UserByEmail(ctx, "d.brazier@example.org"); err != nil || after.TwoFactor {
		t.Errorf("after the reset the Chairman still has two-factor authentication: %v", err)
	}
	if code := run(ctx, []string{"user", "reset-two-factor", "--db", db, "--email", "nobody@example.org"}, strings.NewReader(""), &stdout, &stderr); code != 1 {
		t.Errorf("resetting an account that does not exist: exit %d", code)
	}
}

package main

import (
	"bytes"
	"context"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"minutebook/mail/mailtest"
	"minutebook/store"
)

// TestMain lets the crash test run this test binary as `minutebook
// dispatch`, so that it can kill a real process.
func TestMain(m *testing.M) {
	if os.Getenv("MINUTEBOOK_TEST_AS_COMMAND") == "1" {
		os.Exit(run(context.Background(), os.Args[len(os.Args)-3:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// TestDispatchSurvivesKill9 kills the sending process at random points,
// over and over, then lets it finish: every recipient gets the agenda, and
// each kill duplicates at most the one message that was in flight.
func TestDispatchSurvivesKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("kills processes")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "crash.db")
	m := startMain(t, db)
	m.Close()
	smtp := mailtest.Start(t, mailtest.WithDelay(15*time.Millisecond))
	meetingID := nextMeetingID(t, db)
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"publish", "--db", db, "--meeting", strconv.FormatInt(meetingID, 10)}, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("publish: %s", stderr.String())
	}
	owed := outboxRecipients(t, db, meetingID)
	if len(owed) < 18 {
		t.Fatalf("%d emails owed after publishing", len(owed))
	}
	lease := 300 * time.Millisecond
	dispatch := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^$", "dispatch", "--db", db)
		cmd.Env = append(os.Environ(), "MINUTEBOOK_TEST_AS_COMMAND=1", "MINUTEBOOK_SMTP_ADDR="+smtp.Addr,
			"MINUTEBOOK_MAIL_LEASE="+lease.String(), "MINUTEBOOK_FILES="+db+".files")
		return cmd
	}
	kills, inFlight := 0, 0
	rng := rand.New(rand.NewPCG(1, 2))
	for run := 0; run < 25; run++ {
		cmd := dispatch()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.IntN(120)) * time.Millisecond)
		if err := cmd.Process.Kill(); err == nil {
			kills++
		}
		_ = cmd.Wait()
		inFlight += sendingNow(t, db)
		time.Sleep(lease) // a crashed message is sent again once its lease runs out
	}
	out, err := dispatch().CombinedOutput()
	if err != nil {
		t.Fatalf("the final dispatch failed: %v\n%s", err, out)
	}
	received := map[string]int{}
	for _, msg := range smtp.Messages() {
		received[strings.ToLower(msg.To[0])]++
	}
	duplicates := 0
	for _, r := range owed {
		switch n := received[strings.ToLower(r)]; {
		case n == 0:
			t.Errorf("%s never received the agenda", r)
		case n > 1:
			duplicates += n - 1
		}
	}
	// The guarantee the README gives: a crash sends at most one message twice.
	if duplicates > inFlight || inFlight > kills {
		t.Errorf("%d duplicates and %d messages in flight at the %d kills; want at most one a kill", duplicates, inFlight, kills)
	}
	t.Logf("%d recipients, %d kills with %d messages in flight, %d messages received, %d duplicates", len(owed), kills, inFlight, len(smtp.Messages()), duplicates)
	if again, err := dispatch().CombinedOutput(); err != nil || !strings.Contains(string(again), "sent 0, retried 0, failed 0") {
		t.Errorf("a dispatch after everything was sent: %v %s", err, again)
	}
}

// nextMeetingID is the Policy and Resources Cabinet Committee's scheduled
// meeting in the demo.
func nextMeetingID(t *testing.T, path string) int64 {
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ms, err := db.Meetings(context.Background(), store.MeetingFilter{BodyID: 1, From: time.Now()})
	if err != nil || len(ms) == 0 {
		t.Fatalf("no scheduled meeting: %v", err)
	}
	return ms[0].ID
}

func outboxRecipients(t *testing.T, path string, meetingID int64) []string {
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	msgs, err := db.MeetingEmails(context.Background(), meetingID)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range msgs {
		out = append(out, m.Email)
	}
	return out
}

// sendingNow counts the messages a killed process left in flight.
func sendingNow(t *testing.T, path string) int {
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	counts, err := db.OutboxCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return counts["sending"]
}

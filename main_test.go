package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
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

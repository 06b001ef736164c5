package mail

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"minutebook/mail/mailtest"
)

func newSender(t *testing.T, addr string, mod func(*Config)) *Sender {
	t.Helper()
	cfg := Config{Addr: addr, CommandTimeout: 2 * time.Second, DialTimeout: 2 * time.Second}
	if mod != nil {
		mod(&cfg)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestDeliversTheMessageAsWritten(t *testing.T) {
	srv := mailtest.Start(t)
	s := newSender(t, srv.Addr, nil)
	msg := "Subject: Agenda\nTo: a@example.org\n\nLine one\n.\nA line that starts with a dot:\n.hidden\n"
	if err := s.Send(context.Background(), "clerk@example.org", []string{"a@example.org", "b@example.org"}, []byte(msg)); err != nil {
		t.Fatal(err)
	}
	got := srv.Messages()
	if len(got) != 1 {
		t.Fatalf("%d messages arrived", len(got))
	}
	m := got[0]
	if m.From != "clerk@example.org" || strings.Join(m.To, ",") != "a@example.org,b@example.org" {
		t.Errorf("envelope from %s to %v", m.From, m.To)
	}
	want := strings.ReplaceAll(msg, "\n", "\r\n")
	if string(m.Data) != want {
		t.Errorf("the message changed on the way:\n%q\nwant\n%q", m.Data, want)
	}
}

func TestRepliesAreClassified(t *testing.T) {
	srv := mailtest.Start(t)
	s := newSender(t, srv.Addr, nil)
	send := func() error {
		return s.Send(context.Background(), "clerk@example.org", []string{"a@example.org"}, []byte("Subject: x\r\n\r\nx\r\n"))
	}
	srv.FailNext(451, 1)
	err := send()
	var e *Error
	if !errors.As(err, &e) || e.Code != 451 || !IsTemporary(err) {
		t.Errorf("451 gave %#v, want a temporary error with code 451", err)
	}
	srv.FailNext(550, 1)
	err = send()
	if !errors.As(err, &e) || e.Code != 550 || IsTemporary(err) || !strings.Contains(err.Error(), "fault injected") {
		t.Errorf("550 gave %#v, want a permanent error with the server's text", err)
	}
	srv.DropAfterDataNext(1)
	if err := send(); !IsTemporary(err) {
		t.Errorf("a connection dropped after DATA gave %v, want a temporary error", err)
	}
	if err := send(); err != nil {
		t.Errorf("the next send after the faults: %v", err)
	}
}

func TestRedialsWhenTheServerHungUp(t *testing.T) {
	srv := mailtest.Start(t)
	s := newSender(t, srv.Addr, nil)
	for i := 0; i < 3; i++ {
		if err := s.Send(context.Background(), "c@example.org", []string{"a@example.org"}, []byte("Subject: x\r\n\r\nx\r\n")); err != nil {
			t.Fatalf("send %d: %v", i, err)
		}
		srv.DropConnections()
	}
	if n := len(srv.Messages()); n != 3 {
		t.Errorf("%d of 3 messages arrived", n)
	}
}

func TestNoServerAndASilentServerFailInTime(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()
	s := newSender(t, closed, nil)
	if err := s.Send(context.Background(), "c@example.org", []string{"a@example.org"}, []byte("x")); !IsTemporary(err) {
		t.Errorf("a closed port gave %v, want a temporary error", err)
	}

	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	go func() {
		for {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	s = newSender(t, silent.Addr().String(), func(c *Config) { c.CommandTimeout = 300 * time.Millisecond })
	start := time.Now()
	err = s.Send(context.Background(), "c@example.org", []string{"a@example.org"}, []byte("x"))
	if !IsTemporary(err) || time.Since(start) > 3*time.Second {
		t.Errorf("a server that says nothing: %v after %v, want a temporary error within the command timeout", err, time.Since(start))
	}
}

func TestSTARTTLSIsUsedWhenOffered(t *testing.T) {
	srv := mailtest.Start(t, mailtest.WithSTARTTLS())
	s := newSender(t, srv.Addr, func(c *Config) { c.TLSConfig = srv.ClientTLSConfig() })
	if err := s.Send(context.Background(), "c@example.org", []string{"a@example.org"}, []byte("Subject: x\r\n\r\nx\r\n")); err != nil {
		t.Fatal(err)
	}
	if !srv.SawTLS() {
		t.Error("the message went in clear although the server offered STARTTLS")
	}
}

func TestPlainSMTPOnlyToLoopback(t *testing.T) {
	tests := map[string]bool{"localhost": true, "127.0.0.1": true, "127.8.9.10": true, "::1": true,
		"192.0.2.1": false, "10.0.0.1": false, "smtp.example.org": false}
	for host, want := range tests {
		if got := isLoopback(host); got != want {
			t.Errorf("isLoopback(%q) = %v, want %v", host, got, want)
		}
	}
}

func TestConnectionsAreShared(t *testing.T) {
	srv := mailtest.Start(t, mailtest.WithDelay(2*time.Millisecond))
	s := newSender(t, srv.Addr, func(c *Config) { c.MaxConns = 3 })
	var wg sync.WaitGroup
	errs := make(chan error, 200)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 25; i++ {
				to := fmt.Sprintf("m%d-%d@example.org", g, i)
				if err := s.Send(context.Background(), "c@example.org", []string{to}, bytes.Repeat([]byte("x"), 100)); err != nil {
					errs <- err
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := len(srv.Messages()); n != 200 {
		t.Errorf("%d of 200 messages arrived", n)
	}
	if n := srv.MaxConns(); n > 3 {
		t.Errorf("%d connections were open at once, more than MaxConns 3", n)
	}
}

// TestCancellingStopsAWaitForTheGreeting is SIGTERM while the mail server
// says nothing: the send ends with the context, not the command timeout.
func TestCancellingStopsAWaitForTheGreeting(t *testing.T) {
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	go func() {
		for {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	s := newSender(t, silent.Addr().String(), func(c *Config) { c.CommandTimeout = time.Minute })
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	err = s.Send(ctx, "c@example.org", []string{"a@example.org"}, []byte("x"))
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 5*time.Second {
		t.Errorf("cancelled while waiting for the greeting: %v after %v", err, time.Since(start))
	}
}

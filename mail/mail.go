// Package mail delivers messages over SMTP on connections of its own, with
// a deadline on every step, re-dialling when a connection has died, a few
// connections at a time. It is used instead of jordan-wright/email's Pool,
// which has a data race, no timeouts, and does not notice dropped
// connections.
package mail

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/smtp"
	"net/textproto"
	"sync"
	"time"
)

// Config says where and how to send.
type Config struct {
	Addr           string // host:port
	Username       string // empty: no AUTH
	Password       string
	HelloName      string        // EHLO name; "localhost" by default
	DialTimeout    time.Duration // 10 s by default
	CommandTimeout time.Duration // 60 s by default; DATA gets a second more per MB
	TLSConfig      *tls.Config   // for STARTTLS; nil trusts the system's roots
	MaxConns       int           // connections at once; 4 by default
}

// Error is a failure to deliver, with the server's reply when there was one.
type Error struct {
	Code      int // SMTP reply code; 0 for network failures and timeouts
	Message   string
	Temporary bool
}

func (e *Error) Error() string {
	if e.Code != 0 {
		return fmt.Sprintf("smtp %d %s", e.Code, e.Message)
	}
	return e.Message
}

// IsTemporary is true when trying again later may succeed: 4xx replies,
// refused or dropped connections and timeouts. A dropped connection after
// the message was sent may mean the server has it: such a message can
// arrive twice.
func IsTemporary(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Temporary
}

// Sender sends messages; it is safe for concurrent use.
type Sender struct {
	cfg   Config
	host  string
	plain bool // loopback: plain SMTP allowed
	slots chan struct{}
	mu    sync.Mutex
	idle  []*conn
}

type conn struct {
	net net.Conn
	c   *smtp.Client
}

// isLoopback reports whether host names this machine.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// New checks cfg and returns a sender; it dials nothing yet.
func New(cfg Config) (*Sender, error) {
	host, _, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("%q is not host:port", cfg.Addr)
	}
	if cfg.HelloName == "" {
		cfg.HelloName = "localhost"
	}
	if cfg.DialTimeout <= 0 {
		cfg.DialTimeout = 10 * time.Second
	}
	if cfg.CommandTimeout <= 0 {
		cfg.CommandTimeout = time.Minute
	}
	if cfg.MaxConns <= 0 {
		cfg.MaxConns = 4
	}
	if cfg.TLSConfig == nil {
		cfg.TLSConfig = &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
	}
	return &Sender{cfg: cfg, host: host, plain: isLoopback(host), slots: make(chan struct{}, cfg.MaxConns)}, nil
}

// classify turns what went wrong into an *Error.
func classify(err error, during string) error {
	var te *textproto.Error
	if errors.As(err, &te) {
		return &Error{Code: te.Code, Message: te.Msg, Temporary: te.Code < 500}
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Message: during + ": " + err.Error(), Temporary: true}
}

// dial opens, greets, secures and authenticates a new connection.
func (s *Sender) dial(ctx context.Context) (*conn, error) {
	d := net.Dialer{Timeout: s.cfg.DialTimeout}
	nc, err := d.DialContext(ctx, "tcp", s.cfg.Addr)
	if err != nil {
		return nil, classify(err, "connect to "+s.cfg.Addr)
	}
	nc.SetDeadline(time.Now().Add(s.cfg.CommandTimeout))
	// A server that never greets must not hold up a shutdown: cancelling
	// ctx expires the deadline of the greeting and the handshake.
	stop := context.AfterFunc(ctx, func() { nc.SetDeadline(time.Now()) })
	defer stop()
	c, err := smtp.NewClient(nc, s.host)
	if err != nil {
		nc.Close()
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, classify(err, "greeting from "+s.cfg.Addr)
	}
	cn := &conn{net: nc, c: c}
	if err := c.Hello(s.cfg.HelloName); err != nil {
		cn.close()
		return nil, classify(err, "EHLO")
	}
	if ok, _ := c.Extension("STARTTLS"); ok {
		if err := c.StartTLS(s.cfg.TLSConfig); err != nil {
			cn.close()
			return nil, classify(err, "STARTTLS")
		}
	} else if !s.plain {
		cn.close()
		return nil, &Error{Message: s.cfg.Addr + " does not offer STARTTLS; minutebook sends mail without TLS only to a loopback address"}
	}
	if s.cfg.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", s.cfg.Username, s.cfg.Password, s.host)); err != nil {
			cn.close()
			return nil, classify(err, "AUTH")
		}
	}
	return cn, nil
}

func (cn *conn) close() { cn.net.Close() }

// take returns an idle connection that still answers, or a new one.
func (s *Sender) take(ctx context.Context) (*conn, error) {
	for {
		s.mu.Lock()
		if len(s.idle) == 0 {
			s.mu.Unlock()
			return s.dial(ctx)
		}
		cn := s.idle[len(s.idle)-1]
		s.idle = s.idle[:len(s.idle)-1]
		s.mu.Unlock()
		cn.net.SetDeadline(time.Now().Add(s.cfg.CommandTimeout))
		if err := cn.c.Reset(); err == nil {
			return cn, nil
		}
		cn.close()
	}
}

func (s *Sender) give(cn *conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.idle = append(s.idle, cn)
}

// Send delivers msg to the recipients; nil means the server accepted it.
func (s *Sender) Send(ctx context.Context, from string, to []string, msg []byte) error {
	select {
	case s.slots <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-s.slots }()
	cn, err := s.take(ctx)
	if err != nil {
		return err
	}
	// Cancelling ctx ends a send in progress by expiring its deadline.
	stop := context.AfterFunc(ctx, func() { cn.net.SetDeadline(time.Now()) })
	defer stop()
	step := func() { cn.net.SetDeadline(time.Now().Add(s.cfg.CommandTimeout)) }
	fail := func(err error, during string) error {
		cn.close()
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return classify(err, during)
	}
	step()
	if err := cn.c.Mail(from); err != nil {
		return fail(err, "MAIL FROM")
	}
	for _, rcpt := range to {
		step()
		if err := cn.c.Rcpt(rcpt); err != nil {
			return fail(err, "RCPT TO")
		}
	}
	step()
	w, err := cn.c.Data()
	if err != nil {
		return fail(err, "DATA")
	}
	cn.net.SetDeadline(time.Now().Add(s.cfg.CommandTimeout + time.Duration(len(msg)>>20)*time.Second))
	body := bytes.ReplaceAll(msg, []byte("\r\n"), []byte("\n"))
	if _, err := io.Copy(w, bytes.NewReader(body)); err != nil {
		return fail(err, "sending the message")
	}
	if err := w.Close(); err != nil {
		return fail(err, "end of DATA")
	}
	s.give(cn)
	return nil
}

// Close says goodbye on the idle connections.
func (s *Sender) Close() error {
	s.mu.Lock()
	idle := s.idle
	s.idle = nil
	s.mu.Unlock()
	for _, cn := range idle {
		cn.net.SetDeadline(time.Now().Add(5 * time.Second))
		_ = cn.c.Quit()
		cn.close()
	}
	return nil
}

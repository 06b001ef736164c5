// Package mailtest is a real SMTP server on loopback for tests and
// benchmarks, built on github.com/emersion/go-smtp, with faults on demand.
package mailtest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Message is one message the server accepted.
type Message struct {
	From     string
	To       []string
	Data     []byte
	Received time.Time
}

// Server records what it accepts.
type Server struct {
	Addr string

	srv      *smtp.Server
	mu       sync.Mutex
	messages []Message
	bytes    int64
	faults   []fault
	delay    time.Duration
	discard  bool
	tlsSeen  bool
	conns    map[*smtp.Conn]bool
	maxConns int
	certPool *x509.CertPool
}

type fault struct {
	code int // 0: drop the connection after the message
}

// Option changes how the server behaves.
type Option func(*Server)

// WithDelay waits before answering the end of each message.
func WithDelay(d time.Duration) Option { return func(s *Server) { s.delay = d } }

// WithSTARTTLS offers STARTTLS with a certificate made at start.
func WithSTARTTLS() Option {
	return func(s *Server) {
		cert, pool := selfSigned()
		s.srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
		s.certPool = pool
	}
}

// Discarding counts what arrives without keeping it, for benchmarks.
func Discarding() Option { return func(s *Server) { s.discard = true } }

// Listen starts a server on 127.0.0.1 and returns it with its stop function.
func Listen(opts ...Option) (*Server, func(), error) {
	s := &Server{conns: map[*smtp.Conn]bool{}}
	s.srv = smtp.NewServer(s)
	s.srv.Domain = "localhost"
	s.srv.MaxMessageBytes = 64 << 20
	s.srv.MaxRecipients = 100
	s.srv.ReadTimeout = 30 * time.Second
	s.srv.WriteTimeout = 30 * time.Second
	s.srv.AllowInsecureAuth = true
	for _, o := range opts {
		o(s)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, nil, err
	}
	s.Addr = ln.Addr().String()
	go s.srv.Serve(ln)
	return s, func() { s.srv.Close() }, nil
}

// Start runs a server for the length of a test.
func Start(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s, stop, err := Listen(opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	return s
}

// ClientTLSConfig trusts the server's certificate.
func (s *Server) ClientTLSConfig() *tls.Config {
	return &tls.Config{RootCAs: s.certPool, ServerName: "127.0.0.1"}
}

// Messages returns what the server has accepted, in order.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.messages...)
}

// Received counts accepted messages and their bytes.
func (s *Server) Received() (messages int, bytes int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.messages), s.bytes
}

// SawTLS is true once a client has used STARTTLS.
func (s *Server) SawTLS() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tlsSeen
}

// MaxConns is the most connections that were open at once.
func (s *Server) MaxConns() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.maxConns
}

// FailNext answers code (4xx or 5xx) to the next n messages.
func (s *Server) FailNext(code, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := 0; i < n; i++ {
		s.faults = append(s.faults, fault{code: code})
	}
}

// DropAfterDataNext takes the next n messages, then hangs up without
// answering.
func (s *Server) DropAfterDataNext(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := 0; i < n; i++ {
		s.faults = append(s.faults, fault{})
	}
}

// DropConnections closes every client connection now.
func (s *Server) DropConnections() {
	s.mu.Lock()
	conns := make([]*smtp.Conn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	for _, c := range conns {
		c.Conn().Close()
	}
}

// NewSession is go-smtp's Backend.
func (s *Server) NewSession(c *smtp.Conn) (smtp.Session, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.conns[c] = true
	if len(s.conns) > s.maxConns {
		s.maxConns = len(s.conns)
	}
	return &session{s: s, c: c}, nil
}

type session struct {
	s    *Server
	c    *smtp.Conn
	from string
	to   []string
}

func (ss *session) Reset() { ss.from, ss.to = "", nil }
func (ss *session) Logout() error {
	ss.s.mu.Lock()
	delete(ss.s.conns, ss.c)
	ss.s.mu.Unlock()
	return nil
}
func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	ss.from = from
	return nil
}
func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.to = append(ss.to, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s := ss.s
	if s.delay > 0 {
		time.Sleep(s.delay)
	}
	s.mu.Lock()
	if _, ok := ss.c.TLSConnectionState(); ok {
		s.tlsSeen = true
	}
	var f *fault
	if len(s.faults) > 0 {
		f = &s.faults[0]
		s.faults = s.faults[1:]
	}
	if f == nil {
		m := Message{From: ss.from, To: append([]string(nil), ss.to...), Received: time.Now()}
		if !s.discard {
			m.Data = data
		}
		s.messages = append(s.messages, m)
		s.bytes += int64(len(data))
	}
	s.mu.Unlock()
	switch {
	case f == nil:
		return nil
	case f.code == 0:
		ss.c.Conn().Close()
		return errors.New("connection dropped")
	default:
		return &smtp.SMTPError{Code: f.code, EnhancedCode: smtp.EnhancedCode{f.code / 100, 0, 0}, Message: "fault injected by the test"}
	}
}

// selfSigned makes a certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned() (tls.Certificate, *x509.CertPool) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "mailtest"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		panic(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		panic(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pool
}

// Command minutebook runs a council's committee meetings and minutes:
// `minutebook serve` is the website, and the other commands are the same
// rules for clerks' scripts.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	netmail "net/mail"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
	_ "time/tzdata" // the council's time zone must not depend on the host

	"minutebook/agenda"
	"minutebook/auth"
	"minutebook/dates"
	"minutebook/dispatch"
	"minutebook/files"
	"minutebook/fixtures"
	"minutebook/mail"
	"minutebook/pack"
	"minutebook/server"
	"minutebook/store"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

const usage = `minutebook: committee meetings and minutes.

Commands:
  serve       run the website (--addr, --db, --demo)
  deadlines   print a statutory date as JSON (--meeting, --decision-published, --key-decision-notice)
  user add    add an account; the password is read from standard input
  user reset-two-factor  remove an account's authenticator, for someone who lost it and its recovery codes
  publish     publish a meeting's agenda (--db, --meeting, --reason)
  pack        write a meeting's agenda pack (--db, --meeting, --out, --members)
  dispatch    send every email that is due, then exit (--db)
  verify      check signed minutes against their seal (--db, --meeting)
  backup      copy the database, papers and signing key while it runs (--db, --out)
  restore     restore a backup to a new database and verify it (--from, --db)

Run "minutebook COMMAND -h" for a command's flags.
`

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "serve":
		err = serveCommand(ctx, args[1:], stderr)
	case "deadlines":
		err = deadlinesCommand(args[1:], stdout, stderr)
	case "user":
		switch {
		case len(args) >= 2 && args[1] == "add":
			err = userAddCommand(ctx, args[2:], stdin, stdout, stderr)
		case len(args) >= 2 && args[1] == "reset-two-factor":
			err = userResetTwoFactorCommand(ctx, args[2:], stdout, stderr)
		default:
			fmt.Fprintln(stderr, "minutebook user: the subcommands are \"add\" (minutebook user add --db PATH --email E --name N --role admin|clerk|chair|member [--committee ID ...])"+
				" and \"reset-two-factor\" (minutebook user reset-two-factor --db PATH --email E)")
			return 2
		}
	case "publish":
		err = publishCommand(ctx, args[1:], stdout, stderr)
	case "pack":
		err = packCommand(ctx, args[1:], stdout, stderr)
	case "dispatch":
		err = dispatchCommand(ctx, args[1:], stdout, stderr)
	case "verify":
		err = verifyCommand(ctx, args[1:], stdout, stderr)
	case "backup":
		err = backupCommand(ctx, args[1:], stdout, stderr)
	case "restore":
		err = restoreCommand(ctx, args[1:], stdout, stderr)
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "minutebook: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(stderr, "minutebook %s: %s\n", args[0], ue.msg)
			return 2
		}
		fmt.Fprintf(stderr, "minutebook %s: %s\n", args[0], store.ErrorMessage(err))
		if store.ErrorCode(err) == store.EINTERNAL {
			fmt.Fprintf(stderr, "  cause: %v\n", err)
		}
		return 1
	}
	return 0
}

type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// parseFlags parses a command's flags; a mistake in them is the caller's,
// so it exits 2 with the flag package's own words.
func parseFlags(fs *flag.FlagSet, args []string) error {
	err := fs.Parse(args)
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return err
	}
	return usageError{err.Error()}
}

// env returns the environment variable's value, or def when it is unset.
func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		return v
	}
	return def
}

// Config is how minutebook is set up: flags, with MINUTEBOOK_* environment
// variables as their defaults.
type Config struct {
	Addr     string
	DBPath   string
	Demo     bool
	Nation   dates.Nation
	Location *time.Location
	// BaseURL is where people reach minutebook; https:// marks cookies Secure.
	BaseURL string
	// Files is the folder for uploaded papers, beside the database by default.
	Files string
	// SMTP is where email goes; with no address nothing is sent and the
	// outbox keeps what is owed.
	SMTP mail.Config
	// MailFrom is the From address of agenda emails.
	MailFrom string
	// MaxAttachment is the largest pack attached to an email; larger ones
	// are linked.
	MaxAttachment int64
	// MailLease is how long a message may be in flight before a crash is
	// assumed and it is sent again.
	MailLease time.Duration
	// TrustedProxies may say, in X-Forwarded-For, whom they forward for.
	TrustedProxies []*net.IPNet
}

// MailDomain ends Message-IDs: the sender's domain, else the site's host.
func (c Config) MailDomain() string {
	if a, err := netmail.ParseAddress(c.MailFrom); err == nil {
		if i := strings.LastIndex(a.Address, "@"); i >= 0 {
			return a.Address[i+1:]
		}
	}
	if u, err := url.Parse(c.BaseURL); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "localhost"
}

func (c *Config) register(fs *flag.FlagSet) {
	fs.StringVar(&c.Addr, "addr", env("MINUTEBOOK_ADDR", "127.0.0.1:8080"), "address to listen on, HOST:PORT (MINUTEBOOK_ADDR)")
	fs.StringVar(&c.DBPath, "db", env("MINUTEBOOK_DB", "minutebook.db"), "SQLite database file (MINUTEBOOK_DB)")
	fs.BoolVar(&c.Demo, "demo", false, "load the demo committees into a new or empty database")
}

// validate fills in what comes from the environment only and checks it all.
func (c *Config) validate() error {
	nation, err := dates.ParseNation(env("MINUTEBOOK_NATION", ""))
	if err != nil {
		return usageError{"MINUTEBOOK_NATION: " + err.Error()}
	}
	c.Nation = nation
	if c.Location, err = time.LoadLocation(env("MINUTEBOOK_TIMEZONE", "Europe/London")); err != nil {
		return usageError{"MINUTEBOOK_TIMEZONE: " + err.Error()}
	}
	c.BaseURL = env("MINUTEBOOK_BASE_URL", "http://"+c.Addr)
	c.Files = filesDir(c.DBPath)
	c.SMTP = mail.Config{Addr: env("MINUTEBOOK_SMTP_ADDR", ""), Username: env("MINUTEBOOK_SMTP_USER", ""),
		Password: env("MINUTEBOOK_SMTP_PASSWORD", "")}
	c.MailFrom = env("MINUTEBOOK_SMTP_FROM", "Democratic Services <democratic.services@localhost>")
	if _, err := netmail.ParseAddress(c.MailFrom); err != nil {
		return usageError{fmt.Sprintf("MINUTEBOOK_SMTP_FROM %q is not an email address: %v", c.MailFrom, err)}
	}
	c.MailLease = 10 * time.Minute
	if v := env("MINUTEBOOK_MAIL_LEASE", ""); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return usageError{fmt.Sprintf("MINUTEBOOK_MAIL_LEASE %q is not a duration such as 10m", v)}
		}
		c.MailLease = d
	}
	c.MaxAttachment = 10 << 20
	if v := env("MINUTEBOOK_MAIL_MAX_ATTACHMENT", ""); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return usageError{fmt.Sprintf("MINUTEBOOK_MAIL_MAX_ATTACHMENT %q is not a number of bytes", v)}
		}
		c.MaxAttachment = n
	}
	proxies, err := parseProxies(env("MINUTEBOOK_TRUSTED_PROXIES", ""))
	if err != nil {
		return usageError{"MINUTEBOOK_TRUSTED_PROXIES: " + err.Error()}
	}
	c.TrustedProxies = proxies
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return usageError{fmt.Sprintf("--addr %q is not HOST:PORT, for example 127.0.0.1:8080", c.Addr)}
	}
	return nil
}

// parseProxies reads a comma-separated list of addresses and CIDR ranges,
// such as "127.0.0.1, 10.0.0.0/24".
func parseProxies(list string) ([]*net.IPNet, error) {
	var out []*net.IPNet
	for _, item := range strings.Split(list, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		if !strings.Contains(item, "/") {
			ip := net.ParseIP(item)
			if ip == nil {
				return nil, fmt.Errorf("%q is not an IP address or a range such as 10.0.0.0/24", item)
			}
			bits := 8 * len(ip.To4())
			if bits == 0 {
				bits = 128
			}
			item = fmt.Sprintf("%s/%d", item, bits)
		}
		_, n, err := net.ParseCIDR(item)
		if err != nil {
			return nil, fmt.Errorf("%q is not an IP address or a range such as 10.0.0.0/24", item)
		}
		out = append(out, n)
	}
	return out, nil
}

// Main is the running program: the database and the web server. Tests start
// it on port 0 with a database in a temporary directory.
type Main struct {
	Config Config
	DB     *store.DB
	Agenda *agenda.Agenda
	Server *server.Server
	Logger *slog.Logger
	// Scheduler publishes agendas marked ready and sends reminders.
	Scheduler *agenda.Scheduler
	// Dispatcher sends the outbox in the background when SMTP is set up.
	Dispatcher *dispatch.Dispatcher
	listener   net.Listener
	http       *http.Server
	// managers are the background workers Close waits for. mu and closed
	// keep Run from starting one after Close has begun waiting.
	managers sync.WaitGroup
	mu       sync.Mutex
	closed   bool
}

// Open opens the database, loads the demo if asked, and builds the server.
func (m *Main) Open(ctx context.Context) error {
	if m.Logger == nil {
		m.Logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	db, err := openStore(ctx, m.Config.DBPath)
	if err != nil {
		return err
	}
	m.DB = db
	if m.Agenda, err = newAgenda(ctx, db, m.Config); err != nil {
		return err
	}
	if m.Config.Demo {
		loaded, err := fixtures.LoadDemo(ctx, db, fixtures.Options{Agenda: m.Agenda, Files: &files.Store{Dir: m.Config.Files}})
		if err != nil {
			return fmt.Errorf("loading the demo: %w", err)
		}
		if loaded {
			m.Logger.Info("loaded the demo committees", "db", m.Config.DBPath)
		}
	}
	council, err := db.Setting(ctx, "council_name")
	if err != nil {
		return err
	}
	if council == "" {
		council = "Council"
	}
	m.Server, err = server.New(server.Config{DB: db, Agenda: m.Agenda, Council: council,
		Logger: m.Logger, Files: m.Config.Files, SecureCookies: strings.HasPrefix(m.Config.BaseURL, "https://"),
		MailDomain: m.Config.MailDomain(), TrustedProxies: m.Config.TrustedProxies})
	if err != nil {
		return err
	}
	m.Scheduler = &agenda.Scheduler{Agenda: m.Agenda, Interval: time.Minute, Logger: m.Logger}
	if m.Config.SMTP.Addr != "" {
		if m.Dispatcher, err = newDispatcher(db, m.Agenda, m.Config, m.Logger); err != nil {
			return err
		}
	}
	return nil
}

// Listen binds the address; with port 0 the system picks one.
func (m *Main) Listen() error {
	ln, err := net.Listen("tcp", m.Config.Addr)
	if err != nil {
		return usageError{fmt.Sprintf("cannot listen on %s (%v): is another program using the port? Choose another with --addr", m.Config.Addr, err)}
	}
	m.listener = ln
	m.http = &http.Server{Handler: m.Server, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 2 * time.Minute,
		WriteTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute}
	return nil
}

// URL is where the server listens.
func (m *Main) URL() string { return "http://" + m.listener.Addr().String() }

// Run serves until ctx ends.
func (m *Main) Run(ctx context.Context) error {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return nil
	}
	errc := make(chan error, 1)
	go func() { errc <- m.http.Serve(m.listener) }()
	m.managers.Add(1)
	go func() { defer m.managers.Done(); m.Scheduler.Run(ctx) }()
	if m.Dispatcher != nil {
		m.managers.Add(1)
		go func() { defer m.managers.Done(); m.Dispatcher.Run(ctx, 15*time.Second) }()
	}
	m.mu.Unlock()
	m.Logger.Info("minutebook is serving", "url", m.URL(), "db", m.Config.DBPath)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return nil
	}
}

// Close stops the server, waits for the background work to finish (so that
// a message being marked sent is never left to be sent twice), and closes
// the database.
func (m *Main) Close() error {
	m.mu.Lock()
	m.closed = true
	m.mu.Unlock()
	if m.http != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = m.http.Shutdown(ctx)
	}
	if m.Scheduler != nil {
		m.Scheduler.Close()
	}
	m.managers.Wait()
	if m.DB != nil {
		return m.DB.Close()
	}
	return nil
}

func serveCommand(ctx context.Context, args []string, stderr io.Writer) error {
	m := &Main{}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	m.Config.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := m.Config.validate(); err != nil {
		return err
	}
	defer m.Close()
	if err := m.Open(ctx); err != nil {
		return err
	}
	if err := m.Listen(); err != nil {
		return err
	}
	return m.Run(ctx)
}

func deadlinesCommand(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("deadlines", flag.ContinueOnError)
	fs.SetOutput(stderr)
	meeting := fs.String("meeting", "", "meeting date, YYYY-MM-DD: prints the last day to publish its agenda")
	published := fs.String("decision-published", "", "decision publication date, YYYY-MM-DD: prints when it takes effect after call-in")
	notice := fs.String("key-decision-notice", "", "key decision notice date, YYYY-MM-DD: prints the first day it can be taken")
	dbPath := fs.String("db", "", "SQLite database file whose closure days count (MINUTEBOOK_DB when that file exists)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	nation, err := dates.ParseNation(env("MINUTEBOOK_NATION", ""))
	if err != nil {
		return usageError{"MINUTEBOOK_NATION: " + err.Error()}
	}
	if path := env("MINUTEBOOK_DB", ""); *dbPath == "" && path != "" {
		if _, err := os.Stat(path); err == nil {
			*dbPath = path
		}
	}
	var closed []dates.Date
	if *dbPath != "" {
		db, err := openDB(context.Background(), *dbPath)
		if err != nil {
			return err
		}
		defer db.Close()
		if closed, err = closedDays(context.Background(), db); err != nil {
			return err
		}
	}
	answer, err := agenda.Deadline(dates.NewCalendar(nation, closed), map[string]string{
		"meeting": *meeting, "decision_published": *published, "key_decision_notice": *notice,
	})
	if err != nil {
		return usageError{store.ErrorMessage(err)}
	}
	return json.NewEncoder(stdout).Encode(answer)
}

// closedDays reads the days the council declared closed.
func closedDays(ctx context.Context, db *store.DB) ([]dates.Date, error) {
	days, err := db.ClosedDays(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]dates.Date, 0, len(days))
	for _, s := range days {
		d, err := dates.ParseDate(s)
		if err != nil {
			return nil, fmt.Errorf("closed day %q: %w", s, err)
		}
		out = append(out, d)
	}
	return out, nil
}

// idList collects a repeated flag of ids.
type idList []int64

func (l *idList) String() string { return fmt.Sprint(*l) }

func (l *idList) Set(s string) error {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id < 1 {
		return fmt.Errorf("%q is not a committee id", s)
	}
	*l = append(*l, id)
	return nil
}

// commandSetup reads the configuration a command runs with, from the
// environment, and opens its database.
func commandSetup(ctx context.Context, dbPath string) (Config, *store.DB, error) {
	cfg := Config{Addr: "127.0.0.1:0", DBPath: dbPath}
	if err := cfg.validate(); err != nil {
		return cfg, nil, err
	}
	db, err := openDB(ctx, dbPath)
	return cfg, db, err
}

// openDB opens the database a command names, which must already exist.
func openDB(ctx context.Context, path string) (*store.DB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, usageError{fmt.Sprintf("--db %s: no database there (start minutebook serve --db %s first)", path, path)}
	}
	return openStore(ctx, path)
}

func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

// clockKey carries the clock a run reads: time.Now, unless a test that
// drives the commands and the server side by side sets one.
type clockKey struct{}

func withClock(ctx context.Context, now func() time.Time) context.Context {
	return context.WithValue(ctx, clockKey{}, now)
}

// openStore opens the database on the run's clock, the one every rule reads,
// with the key that signs minutes.
func openStore(ctx context.Context, path string) (*store.DB, error) {
	if dir := filepath.Dir(path); !isDir(dir) {
		return nil, usageError{fmt.Sprintf("--db %s: the folder %s does not exist; create it first", path, dir)}
	}
	db, err := store.OpenWith(path, store.Options{SigningKey: signingKeyPath(path)})
	if err != nil {
		return nil, err
	}
	if now, ok := ctx.Value(clockKey{}).(func() time.Time); ok {
		db.Now = now
	}
	return db, nil
}

// userResetTwoFactorCommand is for someone who has lost their authenticator
// and every recovery code: an administrator at the server removes it, and
// they set it up again after signing in with their password.
func userResetTwoFactorCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("user reset-two-factor", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := fs.String("db", env("MINUTEBOOK_DB", "minutebook.db"), "SQLite database file")
	email := fs.String("email", "", "the account's email address")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *email == "" {
		return usageError{"--email is required"}
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := db.UserByEmail(ctx, *email)
	if err != nil {
		return err
	}
	err = db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.ResetTOTP(u.ID); err != nil {
			return err
		}
		return tx.Audit(store.AuditEntry{Actor: "minutebook user reset-two-factor", Action: "two-factor reset", Subject: u.Email})
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "two-factor authentication removed for %s; they can set it up again at /account/two-factor\n", u.Email)
	return nil
}

func userAddCommand(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("user add", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := fs.String("db", env("MINUTEBOOK_DB", "minutebook.db"), "SQLite database file")
	email := fs.String("email", "", "the account's email address")
	name := fs.String("name", "", "the account holder's name")
	role := fs.String("role", "", "admin, clerk, chair or member")
	var committees idList
	fs.Var(&committees, "committee", "a committee the account is for (repeat for several)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *email == "" || *name == "" || *role == "" {
		return usageError{"--email, --name and --role are required"}
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	password := strings.TrimRight(line, "\r\n")
	if err := auth.CheckNewPassword(password); err != nil {
		return usageError{"the password on standard input: " + err.Error()}
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	var id int64
	err = db.Update(ctx, func(tx *store.Tx) error {
		if id, err = tx.CreateUser(store.User{Email: *email, Name: *name, Role: *role, PasswordHash: hash, BodyIDs: committees}); err != nil {
			return err
		}
		return tx.Audit(store.AuditEntry{Actor: "command line", Action: "account added", Subject: *email, Detail: *role})
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Added %s (%s), account %d.\n", *email, store.UserRoles[*role], id)
	return nil
}

func publishCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("publish", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := fs.String("db", env("MINUTEBOOK_DB", "minutebook.db"), "SQLite database file")
	meetingID := fs.Int64("meeting", 0, "the meeting whose agenda to publish")
	reason := fs.String("reason", "", "why the agenda is late, when it is")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *meetingID < 1 {
		return usageError{"--meeting ID is required"}
	}
	cfg, db, err := commandSetup(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	ag, err := newAgenda(ctx, db, cfg)
	if err != nil {
		return err
	}
	if err := ag.Publish(ctx, *meetingID, agenda.Actor{Name: "command line"}, *reason); err != nil {
		if store.ErrorCode(err) == store.EINVALID && *reason == "" {
			return store.Errorf(store.EINVALID, "%s Use --reason \"...\".", store.ErrorMessage(err))
		}
		return err
	}
	m, err := db.Meeting(ctx, *meetingID)
	if err != nil {
		return err
	}
	when := "on time, with five clear days"
	if m.PublishedOnTime != nil && !*m.PublishedOnTime {
		when = "late: " + m.LateReason
	}
	fmt.Fprintf(stdout, "Published the agenda of %s, %s, %s.\n", m.Body, dates.LongDate(m.StartsAt.In(cfg.Location)), when)
	return nil
}

// newAgenda is the committee business as the configuration sets it up.
func newAgenda(ctx context.Context, db *store.DB, cfg Config) (*agenda.Agenda, error) {
	return agenda.New(ctx, agenda.Config{DB: db, Files: &files.Store{Dir: cfg.Files}, Location: cfg.Location,
		Nation: cfg.Nation, MailDomain: cfg.MailDomain()})
}

func packCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("pack", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := fs.String("db", env("MINUTEBOOK_DB", "minutebook.db"), "SQLite database file")
	meetingID := fs.Int64("meeting", 0, "the meeting whose pack to write")
	out := fs.String("out", "", "the PDF file to write")
	members := fs.Bool("members", false, "the members' pack, with the exempt (Part 2) papers")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *meetingID < 1 || *out == "" {
		return usageError{"--meeting ID and --out FILE are required"}
	}
	if dir := filepath.Dir(*out); !isDir(dir) {
		return usageError{fmt.Sprintf("--out %s: the folder %s does not exist", *out, dir)}
	}
	cfg, db, err := commandSetup(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	ag, err := newAgenda(ctx, db, cfg)
	if err != nil {
		return err
	}
	kind, mode := pack.Public, os.FileMode(0o644)
	if *members {
		// The members' pack holds exempt papers: only its owner may read it.
		kind, mode = pack.Members, 0o600
	}
	p, err := ag.PackNow(ctx, *meetingID, kind)
	if err != nil {
		return err
	}
	src, err := os.ReadFile(p.File)
	if err != nil {
		return err
	}
	if err := writeFileMode(*out, src, mode); err != nil {
		return err
	}
	items, err := db.AgendaItems(ctx, *meetingID)
	if err != nil {
		return err
	}
	for _, it := range items {
		switch from, to := p.Range(it.ID); {
		case from > 0:
			fmt.Fprintf(stdout, "%s\t%s\tPages %d - %d\n", it.Label(), it.Title, from, to)
		case it.ToFollow:
			fmt.Fprintf(stdout, "%s\t%s\tReport to follow\n", it.Label(), it.Title)
		default:
			fmt.Fprintf(stdout, "%s\t%s\t-\n", it.Label(), it.Title)
		}
	}
	fmt.Fprintf(stdout, "%d pages written to %s\n", p.Pages, *out)
	return nil
}

// writeFileMode writes a file with exactly mode, even over an existing file
// that was more open.
func writeFileMode(path string, b []byte, mode os.FileMode) error {
	if err := os.WriteFile(path, b, mode); err != nil {
		return err
	}
	return os.Chmod(path, mode)
}

// newDispatcher sends the outbox over SMTP as configured.
func newDispatcher(db *store.DB, ag *agenda.Agenda, cfg Config, logger *slog.Logger) (*dispatch.Dispatcher, error) {
	sender, err := mail.New(cfg.SMTP)
	if err != nil {
		return nil, usageError{"MINUTEBOOK_SMTP_ADDR: " + err.Error()}
	}
	envelope, _ := netmail.ParseAddress(cfg.MailFrom)
	return &dispatch.Dispatcher{
		DB: db, Sender: sender, Envelope: envelope.Address, Temporary: mail.IsTemporary, Logger: logger, Lease: cfg.MailLease,
		Composer: &dispatch.Composer{DB: db, From: cfg.MailFrom, BaseURL: cfg.BaseURL, Location: cfg.Location,
			MaxAttachment: cfg.MaxAttachment, Pack: ag.Issued},
	}, nil
}

func dispatchCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("dispatch", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := fs.String("db", env("MINUTEBOOK_DB", "minutebook.db"), "SQLite database file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if env("MINUTEBOOK_SMTP_ADDR", "") == "" {
		return usageError{"MINUTEBOOK_SMTP_ADDR is not set: say which SMTP server to send through (host:port)"}
	}
	cfg, db, err := commandSetup(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	ag, err := newAgenda(ctx, db, cfg)
	if err != nil {
		return err
	}
	d, err := newDispatcher(db, ag, cfg, slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err != nil {
		return err
	}
	defer d.Sender.(*mail.Sender).Close()
	counts, err := d.RunOnce(ctx)
	fmt.Fprintf(stdout, "sent %d, retried %d, failed %d\n", counts.Sent, counts.Retried, counts.Failed)
	if err != nil {
		return err
	}
	if counts.Failed > 0 {
		return store.Errorf(store.EINVALID, "%d %s failed for good; the clerk's page for each meeting shows the server's answer.", counts.Failed, map[bool]string{true: "message", false: "messages"}[counts.Failed == 1])
	}
	return nil
}

func verifyCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := fs.String("db", env("MINUTEBOOK_DB", "minutebook.db"), "SQLite database file")
	meetingID := fs.Int64("meeting", 0, "the meeting whose signed minutes to check")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *meetingID < 1 {
		return usageError{"--meeting ID is required"}
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	v, err := db.VerifyMinutes(ctx, *meetingID)
	if err != nil {
		return err
	}
	if !v.OK() {
		fmt.Fprintf(stdout, "CHANGED: the minutes were sealed with sha256 %s when signed; the record now hashes to %s\n", v.SHA256, v.Recomputed)
		for _, p := range v.Problems {
			fmt.Fprintf(stdout, "  %s\n", p)
		}
		return store.Errorf(store.ECONFLICT, "The signed minutes of meeting %d do not verify.", *meetingID)
	}
	fmt.Fprintf(stdout, "OK %s\n", v.SHA256)
	return nil
}

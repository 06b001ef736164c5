// Package store keeps minutebook's record in SQLite: the schema and its
// migrations, the domain's types and the queries over them. Each file holds
// one table family's types, reads and writes (bodies.go, meetings.go,
// minutes.go, ...); store.go holds opening, migrations, transactions and the
// helpers they all share.
package store

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3" // registers the "sqlite3" driver
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// DB is the record: one writer connection whose transactions begin
// IMMEDIATE, so that read-then-write transactions queue on the busy timeout
// instead of failing, and a pool of read-only connections beside it.
type DB struct {
	Path   string
	writer *sql.DB
	reader *sql.DB
	// Now is the clock every transaction reads, so that tests control time.
	Now func() time.Time
	// key signs minutes; it is kept in a file of its own, never in the
	// database, so that a copy of the database cannot re-seal a record.
	key ed25519.PrivateKey
}

// Options are how a database is opened.
type Options struct {
	// SigningKey is the file of the Ed25519 key that signs minutes,
	// created when missing; by default the database path + ".signing-key".
	SigningKey string
}

// SigningKeyPath is where the signing key of a database is kept when the
// configuration names none.
func SigningKeyPath(dbPath string) string { return dbPath + ".signing-key" }

// dsn sets every pragma per connection; a PRAGMA run on a pool reaches only
// one of its connections.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Set("_busy_timeout", "10000")
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "FULL")
	q.Set("_foreign_keys", "on")
	if readOnly {
		q.Set("mode", "ro")
		q.Set("_query_only", "on")
	} else {
		q.Set("_txlock", "immediate")
	}
	return "file:" + path + "?" + q.Encode()
}

// Open opens (creating if need be) the database at path and brings its
// schema up to date.
func Open(path string) (*DB, error) { return OpenWith(path, Options{}) }

// OpenWith opens the database at path as o says.
func OpenWith(path string, o Options) (*DB, error) {
	if path == "" {
		return nil, Errorf(EINVALID, "no database path given")
	}
	if o.SigningKey == "" {
		o.SigningKey = SigningKeyPath(path)
	}
	key, err := LoadSigningKey(o.SigningKey)
	if err != nil {
		return nil, err
	}
	writer, err := sql.Open("sqlite3", dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	writer.SetMaxOpenConns(1)
	writer.SetConnMaxIdleTime(0)
	db := &DB{Path: path, writer: writer, Now: time.Now, key: key}
	if err := db.migrate(context.Background()); err != nil {
		writer.Close()
		return nil, fmt.Errorf("migrate %s: %w", path, err)
	}
	reader, err := sql.Open("sqlite3", dsn(path, true))
	if err != nil {
		writer.Close()
		return nil, fmt.Errorf("open %s read-only: %w", path, err)
	}
	reader.SetMaxOpenConns(8)
	if err := reader.Ping(); err != nil {
		writer.Close()
		reader.Close()
		return nil, fmt.Errorf("open %s read-only: %w", path, err)
	}
	db.reader = reader
	return db, nil
}

// Close closes both pools.
func (db *DB) Close() error {
	var first error
	for _, p := range []*sql.DB{db.reader, db.writer} {
		if p == nil {
			continue
		}
		if err := p.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

func (db *DB) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	// A database already up to date is opened without taking the write
	// lock, so that a command run beside a busy server (backup, verify)
	// does not queue behind its writers.
	var applied int
	if err := db.writer.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&applied); err == nil && applied == len(names) {
		return nil
	}
	if _, err := db.writer.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return err
	}
	for _, name := range names {
		if err := db.migrateFile(ctx, name); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return nil
}

func (db *DB) migrateFile(ctx context.Context, name string) error {
	tx, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE name = ?`, name).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	body, err := migrationFiles.ReadFile(name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)`,
		name, formatTime(db.Now())); err != nil {
		return err
	}
	return tx.Commit()
}

// Tx is a write transaction; it carries the time it began.
type Tx struct {
	*sql.Tx
	ctx context.Context
	Now time.Time
	key ed25519.PrivateKey
}

// Update runs fn in one IMMEDIATE write transaction and commits when fn
// returns nil.
func (db *DB) Update(ctx context.Context, fn func(*Tx) error) error {
	sqlTx, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer sqlTx.Rollback()
	tx := &Tx{Tx: sqlTx, ctx: ctx, Now: db.Now().UTC(), key: db.key}
	if err := fn(tx); err != nil {
		return triggerError(err)
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

func (tx *Tx) exec(query string, args ...any) (sql.Result, error) {
	return tx.ExecContext(tx.ctx, query, args...)
}

func (tx *Tx) insert(query string, args ...any) (int64, error) {
	res, err := tx.exec(query, args...)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// queryer is what read helpers need, so that they serve both the read pool
// and a write transaction.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// IsEmpty is true while the database holds no bodies: the demo loads only
// into an empty record.
func (tx *Tx) IsEmpty() (bool, error) {
	var n int
	err := tx.QueryRowContext(tx.ctx, `SELECT count(*) FROM bodies`).Scan(&n)
	return n == 0, err
}

const timeLayout = "2006-01-02T15:04:05Z"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) (time.Time, error) { return time.Parse(timeLayout, s) }

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

// constraintError turns a uniqueness failure into a conflict a person can
// act on; other errors pass through.
func constraintError(err error, format string, args ...any) error {
	var se sqlite3.Error
	if errors.As(err, &se) && (se.ExtendedCode == sqlite3.ErrConstraintUnique || se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey) {
		return Errorf(ECONFLICT, format, args...)
	}
	return err
}

// triggerError turns a refusal by one of the schema's triggers, which
// guard the signed record and the audit log, into a conflict whose words
// are the trigger's own.
func triggerError(err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintTrigger {
		return Errorf(ECONFLICT, "%s", se.Error())
	}
	return err
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func nullInt(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

func nullString(s string) any {
	if s == "" {
		return sql.NullString{}
	}
	return s
}

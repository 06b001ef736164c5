package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
)

// Backup writes a consistent copy of the database to path while others
// read and write it: VACUUM INTO reads one snapshot, so the copy holds
// every transaction committed before it began and none half-done. Copying
// the file while the server runs does not: the write-ahead log is left
// behind.
func (db *DB) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return Errorf(EINVALID, "%s already exists; back up to a new file", path)
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	// A connection of its own: the reader pool is read-only, which VACUUM
	// INTO refuses, and the writer would hold up every clerk meanwhile. In
	// WAL mode its read transaction blocks no writer.
	conn, err := sql.Open("sqlite3", dsn(db.Path, false))
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return fmt.Errorf("backing up to %s: %w", path, err)
	}
	return nil
}

// IntegrityCheck runs SQLite's own check of the file: "ok" or what is wrong.
func (db *DB) IntegrityCheck(ctx context.Context) error {
	var result string
	if err := db.reader.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&result); err != nil {
		return err
	}
	if result != "ok" {
		return Errorf(ECONFLICT, "The database is damaged: %s", result)
	}
	return nil
}

// SignedMeetings lists the meetings that have signed minutes, in order.
func (db *DB) SignedMeetings(ctx context.Context) ([]int64, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT DISTINCT meeting_id FROM minute_sets WHERE status = 'signed' ORDER BY meeting_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

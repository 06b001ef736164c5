package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"minutebook/store"
)

// A backup is three things side by side: the database (FILE), the papers
// (FILE.files) and the key that signs minutes (FILE.signing-key). Without
// the key, minutes signed before the backup cannot be checked after it.
func backupParts(file string) (papers, key string) { return file + ".files", file + ".signing-key" }

// filesDir and signingKeyPath are where a database's papers and key live.
func filesDir(dbPath string) string { return env("MINUTEBOOK_FILES", dbPath+".files") }

func signingKeyPath(dbPath string) string {
	return env("MINUTEBOOK_SIGNING_KEY", store.SigningKeyPath(dbPath))
}

func backupCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := fs.String("db", env("MINUTEBOOK_DB", "minutebook.db"), "SQLite database file")
	out := fs.String("out", "", "the backup file to write; the papers and the signing key go beside it")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usageError{"--out FILE is required"}
	}
	if dir := filepath.Dir(*out); !isDir(dir) {
		return usageError{fmt.Sprintf("--out %s: the folder %s does not exist", *out, dir)}
	}
	papers, key := backupParts(*out)
	for _, p := range []string{*out, papers, key} {
		if _, err := os.Stat(p); err == nil {
			return usageError{fmt.Sprintf("%s already exists; back up to a new name", p)}
		}
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, *out); err != nil {
		return err
	}
	// Papers are written before the transaction that names them commits,
	// so copying them after the snapshot finds every paper it refers to.
	n, err := copyTree(filesDir(*dbPath), papers)
	if err != nil {
		return err
	}
	if _, err := copyFile(signingKeyPath(*dbPath), key, 0o600); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backed up %s to %s, with %d papers in %s and the signing key in %s\n", *dbPath, *out, n, papers, key)
	return nil
}

func restoreCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	fs.SetOutput(stderr)
	from := fs.String("from", "", "the backup file that minutebook backup wrote")
	dbPath := fs.String("db", env("MINUTEBOOK_DB", "minutebook.db"), "the database file to restore to; it must not exist")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *from == "" {
		return usageError{"--from FILE is required"}
	}
	if _, err := os.Stat(*from); err != nil {
		return usageError{fmt.Sprintf("--from %s: no backup there", *from)}
	}
	papers, key := backupParts(*from)
	dstFiles, dstKey := filesDir(*dbPath), signingKeyPath(*dbPath)
	for _, p := range []string{*dbPath, dstFiles, dstKey} {
		if _, err := os.Stat(p); err == nil {
			return usageError{fmt.Sprintf("%s already exists; restore to a new --db, or move it aside first", p)}
		}
	}
	if dir := filepath.Dir(*dbPath); !isDir(dir) {
		return usageError{fmt.Sprintf("--db %s: the folder %s does not exist; create it first", *dbPath, dir)}
	}
	if _, err := copyFile(*from, *dbPath, 0o600); err != nil {
		return err
	}
	if _, err := copyTree(papers, dstFiles); err != nil {
		return err
	}
	if _, err := copyFile(key, dstKey, 0o600); err != nil {
		return err
	}
	db, err := openStore(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.IntegrityCheck(ctx); err != nil {
		return err
	}
	signed, err := db.SignedMeetings(ctx)
	if err != nil {
		return err
	}
	failed := 0
	for _, id := range signed {
		v, err := db.VerifyMinutes(ctx, id)
		if err != nil {
			return err
		}
		if !v.OK() {
			failed++
			fmt.Fprintf(stdout, "CHANGED meeting %d: %v\n", id, v.Problems)
		}
	}
	fmt.Fprintf(stdout, "restored %s to %s; %d of %d signed records verify\n", *from, *dbPath, len(signed)-failed, len(signed))
	if failed > 0 {
		return store.Errorf(store.ECONFLICT, "%d signed records in the backup do not verify.", failed)
	}
	return nil
}

// copyTree copies the regular files under src to dst, keeping their modes;
// a missing src is an empty tree.
func copyTree(src, dst string) (int, error) {
	n := 0
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && path == src {
			return filepath.SkipDir
		}
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o700)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if _, err := copyFile(path, target, info.Mode().Perm()); err != nil {
			return err
		}
		n++
		return nil
	})
	return n, err
}

// copyFile copies src to a new file dst, synced before it is named, so
// that a crash leaves either the whole copy or none.
func copyFile(src, dst string, mode os.FileMode) (int64, error) {
	in, err := os.Open(src)
	if err != nil {
		return 0, err
	}
	defer in.Close()
	tmp, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".*")
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp.Name())
	n, err := io.Copy(tmp, in)
	if err == nil {
		err = tmp.Chmod(mode)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, err
	}
	return n, os.Rename(tmp.Name(), dst)
}

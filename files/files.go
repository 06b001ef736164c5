// Package files keeps uploaded papers on disk, named by their SHA-256, so
// that a crash never leaves half a file where a whole one is expected.
package files

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// ErrTooLarge is an upload over the limit.
var ErrTooLarge = errors.New("file too large")

// Store is a folder of content-addressed files.
type Store struct {
	Dir string
}

// Saved is a file as stored.
type Saved struct {
	Path   string // relative to the store's folder
	SHA256 string
	Size   int64
}

// Stage copies r to a temporary file in the store's folder, at most max
// bytes, and syncs it. The caller checks it, then Commits or Discards it.
func (s *Store) Stage(r io.Reader, max int64) (*Staged, error) {
	if err := os.MkdirAll(filepath.Join(s.Dir, "tmp"), 0o750); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(filepath.Join(s.Dir, "tmp"), "upload-*")
	if err != nil {
		return nil, err
	}
	st := &Staged{store: s, tmp: f.Name()}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), io.LimitReader(r, max+1))
	if err == nil && n > max {
		err = ErrTooLarge
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(st.tmp)
		return nil, err
	}
	st.Size, st.SHA256 = n, hex.EncodeToString(h.Sum(nil))
	return st, nil
}

// Staged is an upload waiting to be checked.
type Staged struct {
	store  *Store
	tmp    string
	Size   int64
	SHA256 string
}

// TempPath is where the staged bytes are, for checking.
func (st *Staged) TempPath() string { return st.tmp }

// Discard removes a staged file that was refused.
func (st *Staged) Discard() { os.Remove(st.tmp) }

// Commit moves the staged file to its final name in one rename, and syncs
// the folder so that the rename survives a crash.
func (st *Staged) Commit(ext string) (Saved, error) {
	rel := filepath.Join(st.SHA256[:2], st.SHA256+ext)
	dst := filepath.Join(st.store.Dir, rel)
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		st.Discard()
		return Saved{}, err
	}
	if err := os.Rename(st.tmp, dst); err != nil {
		st.Discard()
		return Saved{}, fmt.Errorf("store %s: %w", rel, err)
	}
	if d, err := os.Open(filepath.Dir(dst)); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return Saved{Path: rel, SHA256: st.SHA256, Size: st.Size}, nil
}

// Open opens a stored file by its relative path.
func (s *Store) Open(rel string) (*os.File, error) {
	if !filepath.IsLocal(rel) {
		return nil, fmt.Errorf("%q is not a stored file", rel)
	}
	return os.Open(filepath.Join(s.Dir, rel))
}

// Abs is the full path of a stored file.
func (s *Store) Abs(rel string) string { return filepath.Join(s.Dir, rel) }

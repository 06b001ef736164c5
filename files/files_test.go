package files

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestStageCommitAndDiscard(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	st, err := s.Stage(strings.NewReader("%PDF-1.7 minutes"), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	saved, err := st.Commit(".pdf")
	if err != nil {
		t.Fatal(err)
	}
	f, err := s.Open(saved.Path)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(f)
	f.Close()
	if string(got) != "%PDF-1.7 minutes" || saved.Size != int64(len(got)) || len(saved.SHA256) != 64 {
		t.Errorf("stored %q (%+v)", got, saved)
	}
	if left := tempFiles(t, s); len(left) != 0 {
		t.Errorf("temporary files left behind: %v", left)
	}

	refused, err := s.Stage(strings.NewReader("not a pdf"), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	refused.Discard()
	if left := tempFiles(t, s); len(left) != 0 {
		t.Errorf("a discarded upload left %v", left)
	}
}

func TestStageRefusesOversizedUploads(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	_, err := s.Stage(bytes.NewReader(make([]byte, 2048)), 1024)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
	if left := tempFiles(t, s); len(left) != 0 {
		t.Errorf("an oversized upload left %v", left)
	}
}

func TestOpenStaysInsideTheStore(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	if _, err := s.Open("../../etc/passwd"); err == nil {
		t.Error("opened a path outside the store")
	}
}

func tempFiles(t *testing.T, s *Store) []string {
	entries, err := os.ReadDir(filepath.Join(s.Dir, "tmp"))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

package server

import "testing"

func TestFileSizeReadsAsPeopleSayIt(t *testing.T) {
	for n, want := range map[int64]string{0: "0 bytes", 999: "999 bytes", 1000: "1 KB", 819_600: "820 KB", 2_440_000: "2.4 MB", 49_600_000: "50 MB"} {
		if got := fileSize(n); got != want {
			t.Errorf("fileSize(%d) = %q, want %q", n, got, want)
		}
	}
}

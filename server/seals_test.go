package server_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestAnyoneCanCheckASignedRecordWithoutMinutebook downloads what the
// meeting page offers and checks it with openssl, as the README says.
func TestAnyoneCanCheckASignedRecordWithoutMinutebook(t *testing.T) {
	site := newSite(t)
	public := site.anonymous(t)
	// The demo's meeting 1 is 27 November 2024, whose minutes are signed.
	_, page := public.get(t, "/meetings/1")
	for _, link := range []string{"/meetings/1/minutes/signed-record.json", "/meetings/1/minutes/signed-record.sig", "/signing-key.pem"} {
		if !strings.Contains(page, `href="`+link+`"`) {
			t.Errorf("the meeting page does not offer %s", link)
		}
	}
	dir := t.TempDir()
	fetch := func(path, name string) []byte {
		status, body := public.get(t, path)
		if status != http.StatusOK {
			t.Fatalf("GET %s: %d", path, status)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return []byte(body)
	}
	record := fetch("/meetings/1/minutes/signed-record.json", "record.json")
	fetch("/meetings/1/minutes/signed-record.sig", "record.sig")
	fetch("/signing-key.pem", "key.pem")
	for _, want := range []string{`"signed_by": "Mr D L Brazier"`, `"committee": "Policy and Resources Cabinet Committee"`, `"attendance": [`, `"kind": "apologies"`} {
		if !strings.Contains(string(record), want) {
			t.Errorf("the signed record lacks %s", want)
		}
	}
	out, err := exec.Command("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", filepath.Join(dir, "key.pem"), "-rawin",
		"-in", filepath.Join(dir, "record.json"), "-sigfile", filepath.Join(dir, "record.sig")).CombinedOutput()
	if _, missing := err.(*exec.Error); missing {
		t.Skip("openssl is needed to check the signature as the README does")
	}
	if err != nil || !strings.Contains(string(out), "Signature Verified Successfully") {
		t.Errorf("openssl does not verify the signed record: %v %s", err, out)
	}
	sum := sha256.Sum256(record)
	digest := hex.EncodeToString(sum[:])
	if _, verify := public.get(t, "/meetings/1/minutes/verify"); !strings.Contains(verify, digest) || !strings.Contains(verify, "The minutes are as signed") {
		t.Errorf("the verify page does not show the record's digest %s as good", digest)
	}
	if _, chain := public.get(t, "/signed-minutes"); !strings.Contains(chain, digest) {
		t.Error("the chain page does not list the seal")
	}

	// A forged record fails the same check.
	forged := strings.Replace(string(record), "apologies", "present", 1)
	if err := os.WriteFile(filepath.Join(dir, "record.json"), []byte(forged), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", filepath.Join(dir, "key.pem"), "-rawin",
		"-in", filepath.Join(dir, "record.json"), "-sigfile", filepath.Join(dir, "record.sig")).CombinedOutput(); err == nil {
		t.Errorf("openssl verified a forged record: %s", out)
	}
}

func TestTheChainOfSealsIsAFeed(t *testing.T) {
	site := newSite(t)
	status, body, header := site.get(t, "/signed-minutes.atom")
	if status != http.StatusOK || !strings.HasPrefix(header.Get("Content-Type"), "application/atom+xml") {
		t.Fatalf("the feed: %d %s", status, header.Get("Content-Type"))
	}
	var feed struct {
		Entries []struct {
			ID      string `xml:"id"`
			Summary string `xml:"summary"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(body), &feed); err != nil {
		t.Fatal(err)
	}
	seals, err := site.DB.Seals(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(seals) == 0 || len(feed.Entries) != len(seals) {
		t.Fatalf("the feed has %d entries for %d seals", len(feed.Entries), len(seals))
	}
	// Newest first, each naming the seal before it.
	for i, e := range feed.Entries {
		seal := seals[len(seals)-1-i]
		if e.ID != "urn:sha256:"+seal.SHA256 || (seal.Previous != "" && !strings.Contains(e.Summary, seal.Previous)) {
			t.Errorf("entry %d is %s (%s), want seal %s after %s", i, e.ID, e.Summary, seal.SHA256, seal.Previous)
		}
	}
}

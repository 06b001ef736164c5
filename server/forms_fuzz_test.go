package server

import (
	"net/url"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzFormText: a form the check lets through holds only text a record can
// keep, within each field's limit.
func FuzzFormText(f *testing.F) {
	for _, s := range []string{"Budget monitoring", "Mr D L Brazier\x00", "ŵ\r\nline", "\x1b[31m", "\xff\xfe", strings.Repeat("a", 501)} {
		f.Add("title", s)
		f.Add("reason", s)
	}
	f.Fuzz(func(t *testing.T, name, value string) {
		if unchecked[name] {
			return
		}
		if err := checkText(url.Values{name: {value}}); err != nil {
			return
		}
		limit := textLimits[name]
		if limit == 0 {
			limit = defaultTextLimit
		}
		if !utf8.ValidString(value) || utf8.RuneCountInString(value) > limit {
			t.Fatalf("%s = %q let through", name, value)
		}
		for _, r := range value {
			if unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' {
				t.Fatalf("%s = %q let through with %U", name, value, r)
			}
		}
	})
}

// FuzzSafeNext: where sign-in sends someone is always a path on this site.
func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/clerk", "//evil.example", "/\t/evil.example", "/\\evil.example", "https://evil.example/", "/%2F%2Fevil", "/a?next=//b", "/\x7f/x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next)
		if got == "" {
			return
		}
		u, err := url.Parse(got)
		if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || !strings.HasPrefix(got, "/") || strings.HasPrefix(got, "//") || strings.ContainsAny(got, "\\\t\r\n") {
			t.Fatalf("safeNext(%q) = %q, which can leave the site", next, got)
		}
	})
}

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/http"
	"net/http/cookiejar"
	"net/mail"
	"net/textproto"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"minutebook/agenda"
	"minutebook/dispatch"
	"minutebook/pack"
	"minutebook/paths"
	"minutebook/store"
)

// TestOnePublicationWhateverPublishesIt publishes the same agenda through
// the web, the command line and the scheduler, each on its own copy of the
// demo at the same moment, and expects the same packs, byte for byte, and
// the same emails.
func TestOnePublicationWhateverPublishesIt(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	// The demo is loaded on 2 November 2026; the Committee's next meeting
	// must be published by 24 November, and the scheduler sends an agenda
	// marked ready at 7.00 am that day.
	clock := time.Date(2026, 11, 2, 9, 0, 0, 0, london)
	ctx := withClock(context.Background(), func() time.Time { return clock })

	dir := t.TempDir()
	open := func(t *testing.T, name string) *Main {
		m := &Main{Config: Config{Addr: "127.0.0.1:0", DBPath: filepath.Join(dir, name+".db"), Demo: true},
			Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))}
		if err := m.Config.validate(); err != nil {
			t.Fatal(err)
		}
		if err := m.Open(ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { m.Close() })
		return m
	}
	nextMeeting := func(t *testing.T, m *Main) int64 {
		list, err := m.DB.Meetings(ctx, store.MeetingFilter{BodyID: 1, From: clock, Statuses: []string{"scheduled"}})
		if err != nil || len(list) == 0 {
			t.Fatalf("no scheduled meeting: %v", err)
		}
		return list[0].ID
	}

	web, cli, scheduled := open(t, "web"), open(t, "cli"), open(t, "scheduler")
	meetingID := nextMeeting(t, web)
	for _, m := range []*Main{cli, scheduled} {
		if id := nextMeeting(t, m); id != meetingID {
			t.Fatalf("the demo loaded differently: meeting %d and %d", id, meetingID)
		}
	}
	if err := scheduled.Agenda.MarkReady(ctx, meetingID, agenda.Actor{Name: "test"}, true); err != nil {
		t.Fatal(err)
	}
	clock = time.Date(2026, 11, 24, 7, 5, 0, 0, london)

	// The web: the clerk signs in and presses Publish.
	if err := web.Listen(); err != nil {
		t.Fatal(err)
	}
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- web.Run(runCtx) }()
	defer func() { stop(); <-done }()
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	post := func(path string, form url.Values) *http.Response {
		resp, err := browser.PostForm(web.URL()+path, form)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if resp := post("/sign-in", url.Values{"email": {"clerk@example.org"}, "password": {"minutebook-demo"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in: %d", resp.StatusCode)
	}
	if resp := post("/clerk/meetings/"+strconv.FormatInt(meetingID, 10)+"/publish", url.Values{"confirm_missing": {"yes"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("publishing on the web: %d", resp.StatusCode)
	}

	// The command line, on a database nobody else has open.
	cli.Close()
	var stdout, stderr bytes.Buffer
	if code := run(ctx, []string{"publish", "--db", cli.Config.DBPath, "--meeting", strconv.FormatInt(meetingID, 10)}, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("minutebook publish: exit %d: %s", code, stderr.String())
	}
	cli = open(t, "cli")

	// The scheduler, on its morning.
	if p, _, err := scheduled.Agenda.SchedulePass(ctx, scheduled.Logger); err != nil || p != 1 {
		t.Fatalf("the scheduler published %d agendas (%v), want 1", p, err)
	}

	type outcome struct {
		packs  map[pack.Kind][]byte
		emails []string
		onTime bool
	}
	outcomeOf := func(m *Main) outcome {
		o := outcome{packs: map[pack.Kind][]byte{}}
		for _, kind := range []pack.Kind{pack.Public, pack.Members} {
			issued, err := m.Agenda.Current(ctx, meetingID, kind)
			if err != nil {
				t.Fatal(err)
			}
			if o.packs[kind], err = os.ReadFile(issued.File); err != nil {
				t.Fatal(err)
			}
		}
		emails, err := m.DB.MeetingEmails(ctx, meetingID)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range emails {
			// The running server's scheduler reminds the clerks of an agenda
			// not yet out on its last morning; that is not the publication.
			if e.Kind == "reminder" {
				continue
			}
			o.emails = append(o.emails, fmt.Sprintf("%s %s %s entitled=%v %q", e.Kind, e.Email, e.Name, e.Entitled, e.Reason))
		}
		sort.Strings(o.emails)
		mt, err := m.DB.Meeting(ctx, meetingID)
		if err != nil {
			t.Fatal(err)
		}
		o.onTime = mt.PublishedOnTime != nil && *mt.PublishedOnTime
		return o
	}
	want := outcomeOf(web)
	if !want.onTime || len(want.emails) < 18 || len(want.packs[pack.Public]) == 0 {
		t.Fatalf("the web publication: on time %v, %d emails, %d bytes of pack", want.onTime, len(want.emails), len(want.packs[pack.Public]))
	}
	for name, m := range map[string]*Main{"the command line": cli, "the scheduler": scheduled} {
		got := outcomeOf(m)
		for kind, b := range want.packs {
			if !bytes.Equal(got.packs[kind], b) {
				t.Errorf("%s built a different %s pack (%d bytes, the web's %d)", name, kind, len(got.packs[kind]), len(b))
			}
		}
		if strings.Join(got.emails, "\n") != strings.Join(want.emails, "\n") {
			t.Errorf("%s queued other emails:\n%s\nthe web's:\n%s", name, strings.Join(got.emails, "\n"), strings.Join(want.emails, "\n"))
		}
		if !got.onTime {
			t.Errorf("%s did not publish on time", name)
		}
	}

	// Every link the web's emails carry answers, for the clerk who can open
	// them all: the routes and the links come from the same names.
	composer := &dispatch.Composer{DB: web.DB, From: web.Config.MailFrom, BaseURL: web.URL(), Location: london, Pack: web.Agenda.Issued}
	emails, err := web.DB.MeetingEmails(ctx, meetingID)
	if err != nil {
		t.Fatal(err)
	}
	links := map[string]bool{}
	for _, e := range emails {
		raw, err := composer.Compose(ctx, e)
		if err != nil {
			t.Fatal(err)
		}
		msg, err := mail.ReadMessage(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range linkPattern.FindAllString(textOf(t, textproto.MIMEHeader(msg.Header), msg.Body), -1) {
			links[strings.SplitN(l, "#", 2)[0]] = true
		}
	}
	members, err := web.Agenda.Current(ctx, meetingID, pack.Members)
	if err != nil {
		t.Fatal(err)
	}
	if !links[web.URL()+paths.ForIssuedPack(meetingID, members.ID)] {
		t.Errorf("no email links to the members' pack as issued: %v", links)
	}
	for l := range links {
		resp, err := browser.Get(l)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", l, resp.StatusCode)
		}
	}
}

var linkPattern = regexp.MustCompile(`https?://[^\s"<>]+`)

// textOf is the decoded text of a message's text parts.
func textOf(t *testing.T, h textproto.MIMEHeader, body io.Reader) string {
	t.Helper()
	mediaType, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		var out strings.Builder
		r := multipart.NewReader(body, params["boundary"])
		for {
			part, err := r.NextRawPart()
			if errors.Is(err, io.EOF) {
				return out.String()
			}
			if err != nil {
				t.Fatal(err)
			}
			out.WriteString(textOf(t, part.Header, part))
		}
	}
	if !strings.HasPrefix(mediaType, "text/") {
		return ""
	}
	if strings.EqualFold(h.Get("Content-Transfer-Encoding"), "quoted-printable") {
		body = quotedprintable.NewReader(body)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

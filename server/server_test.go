package server_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/net/html"

	"minutebook/agenda"
	"minutebook/dates"
	filestore "minutebook/files"
	"minutebook/fixtures"
	"minutebook/server"
	"minutebook/store"
)

var london = mustLocation("Europe/London")

func mustLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// demoDay is the day the tests load the demo: its future meetings fall three
// to five weeks later.
var demoDay = time.Date(2026, 11, 2, 9, 0, 0, 0, london)

type testSite struct {
	URL    string
	DB     *store.DB
	Files  string
	Server *server.Server
	Agenda *agenda.Agenda
	clock  *atomic.Int64
}

// setNow moves the site's clock.
func (s *testSite) setNow(t time.Time) { s.clock.Store(t.UnixNano()) }

// newSite serves the demo from a real SQLite file over real HTTP.
func newSite(t testing.TB) *testSite {
	t.Helper()
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "minutebook.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	clock := new(atomic.Int64)
	clock.Store(demoDay.UnixNano())
	now := func() time.Time { return time.Unix(0, clock.Load()).In(london) }
	db.Now = now
	files := filepath.Join(dir, "files")
	ag, err := agenda.New(context.Background(), agenda.Config{DB: db, Files: &filestore.Store{Dir: files}, Location: london, Nation: dates.EnglandAndWales})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fixtures.LoadDemo(context.Background(), db, fixtures.Options{Agenda: ag, Files: &filestore.Store{Dir: files}}); err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(server.Config{DB: db, Agenda: ag, Council: "Kent County Council", Files: files})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &testSite{URL: ts.URL, DB: db, Files: files, Server: srv, Agenda: ag, clock: clock}
}

func (s *testSite) get(t testing.TB, path string) (int, string, http.Header) {
	t.Helper()
	resp, err := http.Get(s.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body), resp.Header
}

func (s *testSite) getJSON(t testing.TB, path string, into any) {
	t.Helper()
	status, body, header := s.get(t, path)
	if status != http.StatusOK {
		t.Fatalf("GET %s = %d: %s", path, status, body)
	}
	if ct := header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("GET %s: Content-Type %q, want JSON", path, ct)
	}
	if err := json.Unmarshal([]byte(body), into); err != nil {
		t.Fatalf("GET %s: %v\n%s", path, err, body)
	}
}

type committee struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	Type    string `json:"type"`
	Seats   int    `json:"seats"`
	Members []struct {
		PersonID     int64  `json:"person_id"`
		Name         string `json:"name"`
		Title        string `json:"title"`
		Role         string `json:"role"`
		Group        string `json:"group"`
		Organisation string `json:"organisation"`
	} `json:"members"`
	Meetings []struct {
		ID       int64  `json:"id"`
		StartsAt string `json:"starts_at"`
		Status   string `json:"status"`
	} `json:"meetings"`
}

type meetingDetail struct {
	ID          int64   `json:"id"`
	CommitteeID int64   `json:"committee_id"`
	Committee   string  `json:"committee"`
	StartsAt    string  `json:"starts_at"`
	Venue       string  `json:"venue"`
	Status      string  `json:"status"`
	PublishBy   string  `json:"publish_by"`
	PublishedAt *string `json:"published_at"`
	OnTime      *bool   `json:"published_on_time"`
	Agenda      []struct {
		Number          string  `json:"number"`
		Code            *string `json:"code"`
		Title           string  `json:"title"`
		Part            int     `json:"part"`
		ExemptParagraph *int    `json:"exempt_paragraph"`
		ToFollow        bool    `json:"to_follow"`
		Pages           *struct {
			From int `json:"from"`
			To   int `json:"to"`
		} `json:"pages"`
	} `json:"agenda"`
	MinutesStatus string  `json:"minutes_status"`
	SignedBy      *string `json:"signed_by"`
	SHA256        *string `json:"sha256"`
	Minutes       []struct {
		Number     int      `json:"number"`
		Title      string   `json:"title"`
		AgendaItem string   `json:"agenda_item"`
		Paragraphs []string `json:"paragraphs"`
		Resolution string   `json:"resolution"`
	} `json:"minutes"`
}

// committeeNamed finds a demo committee through the API.
func (s *testSite) committeeNamed(t testing.TB, name string) committee {
	t.Helper()
	var list []committee
	s.getJSON(t, "/api/v1/committees", &list)
	for _, c := range list {
		if c.Name == name {
			var full committee
			s.getJSON(t, "/api/v1/committees/"+itoa(c.ID), &full)
			return full
		}
	}
	t.Fatalf("no committee %q in %+v", name, list)
	return committee{}
}

// meetingOn finds a committee's meeting on a date (YYYY-MM-DD).
func (s *testSite) meetingOn(t testing.TB, committeeName, day string) meetingDetail {
	t.Helper()
	c := s.committeeNamed(t, committeeName)
	for _, m := range c.Meetings {
		if strings.HasPrefix(m.StartsAt, day) {
			var d meetingDetail
			s.getJSON(t, "/api/v1/meetings/"+itoa(m.ID), &d)
			return d
		}
	}
	t.Fatalf("%s has no meeting on %s: %+v", committeeName, day, c.Meetings)
	return meetingDetail{}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

const (
	pandr = "Policy and Resources Cabinet Committee"
	kcsp  = "Kent Community Safety Partnership"
)

func testCalendar() *dates.Calendar { return dates.NewCalendar(dates.EnglandAndWales, nil) }

// visibleText is the page's text with tags dropped and white space folded,
// close to what a person reads.
func visibleText(page string) string {
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return ""
	}
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.Data == "script" || n.Data == "style" || n.Data == "head") {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteString(" ")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return strings.Join(strings.Fields(b.String()), " ")
}

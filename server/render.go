package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"minutebook/agenda"
	"minutebook/dates"
	"minutebook/markdown"
	"minutebook/pack"
	"minutebook/static"
	"minutebook/store"
	"minutebook/templates"
)

// pageNames are the pages the templates must provide; start-up fails if one
// is missing.
var pageNames = []string{"home", "committees", "committee", "meetings", "meeting", "person", "deadlines", "error",
	"sign-in", "account", "audit", "closed-days", "subscription", "verify", "signed-minutes", "clerk-attendance", "clerk-minutes", "clerk-dashboard", "clerk-meeting", "clerk-papers", "clerk-publication", "clerk-change", "clerk-new-meeting", "committee-rules", "search", "clerk-committee-meetings", "my-meetings", "clerk-interests", "forward-plan", "decisions", "decision",
	"clerk-decisions", "clerk-decision", "clerk-decision-notice"}

// renderer holds every page parsed once at start-up.
type renderer struct {
	pages map[string]*template.Template
}

func newRenderer(loc *time.Location, assets *assetSet, md *markdown.Renderer) (*renderer, error) {
	funcs := templateFuncs(loc, assets, md)
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(templates.FS, "layout.html", "_*.html")
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	r := &renderer{pages: map[string]*template.Template{}}
	for _, name := range pageNames {
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := t.ParseFS(templates.FS, name+".html"); err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		r.pages[name] = t
	}
	return r, nil
}

// page is what every page template receives.
type page struct {
	Council     string
	Section     string
	Breadcrumbs []link
	Data        any
	User        *store.User
	// Flash is what the last action did, shown in the success banner.
	Flash string
}

type link struct {
	Href, Label string
	Active      bool
}

// render writes a whole page, or nothing if the template fails, so that a
// half-rendered page never goes out with a 200.
func (r *renderer) render(c echo.Context, status int, name string, p page) error {
	t, ok := r.pages[name]
	if !ok {
		return fmt.Errorf("no page template %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	return c.HTMLBlob(status, buf.Bytes())
}

// assetSet serves the embedded static files under a URL that carries a
// fingerprint of them all, so that browsers may cache them for a year.
type assetSet struct {
	prefix string
	files  fs.FS
	// served are the only names the handler answers: the built assets, not
	// the sources or the Go file that embeds them, and never a directory.
	served map[string]bool
}

// servedKinds are the extensions of the files a browser asks for.
var servedKinds = map[string]bool{".css": true, ".js": true, ".mjs": true, ".woff": true, ".woff2": true,
	".png": true, ".svg": true, ".ico": true, ".webmanifest": true}

func newAssetSet() (*assetSet, error) {
	h := sha256.New()
	var names []string
	err := fs.WalkDir(static.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		names = append(names, path)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	for _, n := range names {
		b, err := fs.ReadFile(static.FS, n)
		if err != nil {
			return nil, err
		}
		h.Write([]byte(n))
		h.Write(b)
	}
	served := map[string]bool{}
	for _, n := range names {
		if servedKinds[path.Ext(n)] {
			served[n] = true
		}
	}
	return &assetSet{prefix: "/static/" + hex.EncodeToString(h.Sum(nil))[:12] + "/", files: static.FS, served: served}, nil
}

func (a *assetSet) url(name string) string { return a.prefix + name }

func (a *assetSet) handler() echo.HandlerFunc {
	return func(c echo.Context) error {
		name := c.Param("*")
		if !a.served[name] {
			return echo.ErrNotFound
		}
		c.Response().Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		http.ServeFileFS(c.Response(), c.Request(), a.files, name)
		return nil
	}
}

func templateFuncs(loc *time.Location, assets *assetSet, md *markdown.Renderer) template.FuncMap {
	local := func(v any) time.Time {
		switch t := v.(type) {
		case time.Time:
			return t.In(loc)
		case *time.Time:
			if t == nil {
				return time.Time{}
			}
			return t.In(loc)
		}
		return time.Time{}
	}
	return template.FuncMap{
		"asset": assets.url,
		"longDate": func(v any) string {
			if d, ok := v.(dates.Date); ok {
				return d.Time(time.UTC).Format("Monday 2 January 2006")
			}
			return dates.LongDate(local(v))
		},
		"ragColour": func(rag string) string {
			if rag == "amber" {
				return "yellow"
			}
			return rag
		},
		"longDateTime": func(v any) string {
			t := local(v)
			return dates.When(t)
		},
		"longDateString": dates.LongDay,
		"markdown":       md.Render,
		"bodyType":       func(t string) string { return store.BodyTypes[t] },
		"roleLabel":      store.RoleLabel,
		"meetingStatus":  func(s string) string { return store.MeetingStatuses[s] },
		"minutesStatus":  func(s string) string { return store.MinutesStatuses[s] },
		"userRole":       func(r string) string { return store.UserRoles[r] },
		"statusColour": func(s string) string {
			switch s {
			case "agenda-published":
				return "blue"
			case "held":
				return "grey"
			case "cancelled":
				return "red"
			case "postponed":
				return "orange"
			}
			return "light-blue"
		},
		"minutesColour": func(s string) string {
			if s == "approved" {
				return "green"
			}
			return "yellow"
		},
		"exemptParagraph": func(n int) string {
			if n < 1 || n >= len(pack.ExemptParagraphs) {
				return ""
			}
			return pack.ExemptParagraphs[n]
		},
		"paragraphList": func(ps []int) string {
			words := make([]string, len(ps))
			for i, p := range ps {
				words[i] = strconv.Itoa(p)
			}
			if len(words) == 1 {
				return "paragraph " + words[0]
			}
			return "paragraphs " + strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
		},
		"attendeeList": agenda.AttendeeList,
		"minuteText":   minuteText,
		"emailKind": func(kind string) string {
			return map[string]string{"agenda": "Agenda", "supplementary": "Supplementary agenda", "reissue": "Revised agenda",
				"reminder": "Reminder: agenda not ready", "chair-review": "Draft minutes for comment"}[kind]
		},
		"attendanceChoices": func() [][2]string {
			return [][2]string{{"present", "Present"}, {"remote", "Remote"}, {"apologies", "Apologies"}, {"absent", "Absent"}}
		},
		"subscribeForm":         func(bodyID int64) subscriptionPage { return subscriptionPage{BodyID: bodyID} },
		"decisionSubscribeForm": func(topic string) subscriptionPage { return subscriptionPage{Topic: topic} },
		"clock":                 func(t time.Time) string { return dates.ClockOf(t.In(loc)).String() },
		"field":                 field,
		"dateField":             dateField,
		"choice":                newChoice,
		// paragraphChoices are the paragraphs of Schedule 12A that make an
		// item exempt.
		"paragraphChoices": func() []choice {
			list := []choice{{Value: "", Text: "Not exempt"}}
			for n := 1; n < len(pack.ExemptParagraphs); n++ {
				list = append(list, choice{Value: strconv.Itoa(n), Text: strconv.Itoa(n) + ": " + pack.ExemptParagraphs[n]})
			}
			return list
		},
		"councillorChoices": councillorChoices,
		"memberChoices":     memberChoices,
		"officerChoices":    officerChoices,
		"declarerChoices":   declarerChoices,
		"agendaChoices":     agendaChoices,
		"ownerChoices":      ownerChoices,
		"approvingChoices": func(refs []store.MinuteRef) []choice {
			list := make([]choice, len(refs))
			for i, r := range refs {
				list[i] = choice{Value: strconv.FormatInt(r.ID, 10), Text: dates.LongDate(r.MeetingAt.In(loc)) + ": minute " + r.Label() + ", " + r.Title}
			}
			return list
		},
		// itemFields feeds the agenda item form: the add form's field ids are
		// plain, an edit form's carry the item's id.
		"itemFields": func(id int64, item store.AgendaItem, sectionCodes bool, published *time.Time, errs FieldErrors) any {
			prefix := ""
			if id != 0 {
				prefix = "item-" + strconv.FormatInt(id, 10) + "-"
			}
			return struct {
				Prefix       string
				Item         store.AgendaItem
				SectionCodes bool
				Published    bool
				Errors       FieldErrors
			}{prefix, item, sectionCodes, published != nil, errs}
		},
		"newItem": func(f *agendaItemForm) store.AgendaItem {
			if f == nil || f.ID != 0 {
				return store.AgendaItem{Part: 1}
			}
			part := 1
			if f.Part == "2" {
				part = 2
			}
			para, _ := strconv.Atoi(f.Paragraph)
			return store.AgendaItem{Number: f.Number, Code: f.Code, Title: f.Title, Part: part, ExemptParagraph: para, ToFollow: f.ToFollow}
		},
		"positionChoices": positionChoices,
		"fileSize":        fileSize,
		"meetingNav":      clerkMeetingNav,
		"itemPosition":    itemPosition,
		"deref":           func(b *bool) bool { return b != nil && *b },
		"add":             func(a, b int) int { return a + b },
		"percent": func(part, whole int) int {
			if whole == 0 {
				return 0
			}
			return part * 100 / whole
		},
		"navItems": func(section string, u *store.User) []link {
			items := []link{{"/", "Upcoming meetings", false}, {"/committees", "Committees", false},
				{"/meetings", "Meetings", false}, {"/forward-plan", "Forward plan", false}, {"/decisions", "Decisions", false}, {"/search", "Search", false}, {"/deadlines", "Publication deadlines", false}}
			items = append(items, myMeetingsNav(u)...)
			if u.Is(store.RoleClerk, store.RoleAdmin) {
				items = append(items, link{"/clerk", "Clerk's workspace", false})
			}
			if u.Is(store.RoleAdmin) {
				items = append(items, link{"/admin/audit", "Audit log", false}, link{"/admin/closed-days", "Closure days", false})
			}
			for i := range items {
				items[i].Active = items[i].Href == section
			}
			return items
		},
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

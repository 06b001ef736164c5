package server_test

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"minutebook/browsertest"
	"minutebook/fixtures"
)

// phoneWidth is the width of a small phone's screen in CSS pixels.
const phoneWidth = 375

// phoneCheck is what a page on a phone shows, measured in the page.
type phoneCheck struct {
	ScrollWidth int
	// Wider are the outermost elements that reach past the screen's edge.
	Wider []string
	// MenuShown and the others are whether the service navigation's Menu
	// button and its list of links can be seen, before and after pressing
	// the button.
	MenuShown, MenuOnTop, ListShownBefore, ListShownAfter bool
	Expanded                                              string
	// Tables counts the page's tables; Unstacked are those still laid out
	// in columns, and Unlabelled the cells that show no column heading.
	Tables, Unstacked, Unlabelled int
}

// phoneScript measures a page as a phone shows it, then presses Menu as a
// person would tap it: on the point where the button is drawn.
const phoneScript = `(() => {
	const shown = (el) => !!el && !el.closest("[hidden]") && el.getClientRects().length > 0 &&
		getComputedStyle(el).visibility !== "hidden";
	const button = document.querySelector("button.govuk-service-navigation__toggle");
	const list = document.getElementById("navigation");
	const width = document.documentElement.clientWidth;
	const wider = [];
	for (const el of document.body.querySelectorAll("*")) {
		const r = el.getBoundingClientRect();
		if (r.right > width + 0.5 && shown(el) && !wider.some((w) => w.contains(el))) {
			wider.push(el);
		}
	}
	const tables = Array.from(document.querySelectorAll("main table"));
	const out = {
		Tables: tables.length,
		Unstacked: tables.filter((table) => getComputedStyle(table).display === "table").length,
		Unlabelled: Array.from(document.querySelectorAll("main td[data-label]"))
			.filter((td) => shown(td) && getComputedStyle(td, "::before").content === "none").length,
		ScrollWidth: document.documentElement.scrollWidth,
		Wider: wider.slice(0, 5).map((el) => el.outerHTML.slice(0, 160)),
		MenuShown: shown(button),
		ListShownBefore: shown(list),
	};
	if (out.MenuShown) {
		const r = button.getBoundingClientRect();
		const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
		out.MenuOnTop = !!hit && button.contains(hit);
		hit.click();
	}
	out.ListShownAfter = shown(list);
	out.Expanded = button ? button.getAttribute("aria-expanded") || "" : "";
	return out;
})()`

// TestPagesWorkOnAPhone loads the pages people use most at a phone's width:
// nothing reaches past the edge of the screen, the navigation folds behind
// a Menu button that opens it, and axe-core finds nothing wrong. Pictures of
// each go to MINUTEBOOK_PHONE_SHOTS when it names a folder.
func TestPagesWorkOnAPhone(t *testing.T) {
	if _, err := os.Stat("../static/build/app.css"); err != nil && os.Getenv("MINUTEBOOK_REQUIRE_BROWSER") == "" {
		t.Skip("the styles are not built: run make assets")
	}
	b := browsertest.Start(t)
	site := newSite(t)
	c := site.committeeNamed(t, pandr)
	held := site.meetingOn(t, pandr, "2024-11-27")
	public := []string{"/", "/committees", "/committees/" + itoa(c.ID), "/meetings/" + itoa(held.ID), "/meetings?year=2024",
		"/people/" + itoa(c.Members[0].PersonID), "/deadlines", "/search?q=planning"}
	clerk := []string{"/clerk", "/clerk/meetings/" + itoa(held.ID) + "/attendance"}
	shots := os.Getenv("MINUTEBOOK_PHONE_SHOTS")
	check := func(path string) {
		t.Run(path, func(t *testing.T) {
			var got phoneCheck
			b.Evaluate(t, site.URL+path, phoneWidth, phoneScript, &got)
			if got.ScrollWidth > phoneWidth {
				t.Errorf("the page is %dpx wide on a %dpx screen; reaching past the edge:\n  %s",
					got.ScrollWidth, phoneWidth, strings.Join(got.Wider, "\n  "))
			}
			if got.Unstacked > 0 || got.Unlabelled > 0 {
				t.Errorf("of %d tables, %d keep their columns on a phone; %d cells show no heading", got.Tables, got.Unstacked, got.Unlabelled)
			}
			switch {
			case !got.MenuShown:
				t.Errorf("no Menu button is shown on a phone")
			case !got.MenuOnTop:
				t.Errorf("something covers the Menu button")
			case got.ListShownBefore:
				t.Errorf("the navigation's links show before Menu is pressed")
			case !got.ListShownAfter || got.Expanded != "true":
				t.Errorf("pressing Menu did not show the links (aria-expanded %q)", got.Expanded)
			}
			b.AssertAccessibleAt(t, site.URL+path, phoneWidth)
			if shots != "" {
				name := strings.Trim(regexp.MustCompile(`[^a-z0-9]+`).ReplaceAllString(path, "-"), "-")
				b.Screenshot(t, site.URL+path, filepath.Join(shots, "phone-"+name+".png"), phoneWidth)
			}
		})
	}
	for _, path := range public {
		check(path)
	}
	b.SignIn(t, site.URL, "clerk@example.org", fixtures.DemoPassword)
	for _, path := range clerk {
		check(path)
	}
}

// TestTheLayoutIsTheCouncilsOwn checks the page's frame: the favicon is the
// service's own, served for a year as the other assets are, and nothing of
// GOV.UK's own identity (the crown, Crown copyright, the Open Government
// Licence) appears on a council's pages.
func TestTheLayoutIsTheCouncilsOwn(t *testing.T) {
	site := newSite(t)
	_, home, _ := site.get(t, "/")
	icons := map[string]string{`rel="icon" sizes="48x48"`: "image/vnd.microsoft.icon", `rel="icon" sizes="any"`: "image/svg+xml",
		`rel="apple-touch-icon"`: "image/png"}
	for link, kind := range icons {
		m := regexp.MustCompile(`<link ` + link + ` href="(/static/[0-9a-f]+/images/[a-z0-9-]+\.[a-z]+)"`).FindStringSubmatch(home)
		if m == nil {
			t.Errorf("the layout has no <link %s> to an image of our own", link)
			continue
		}
		status, body, header := site.get(t, m[1])
		if status != http.StatusOK || body == "" || header.Get("Content-Type") != kind ||
			header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
			t.Errorf("%s: %d, %q, %q", m[1], status, header.Get("Content-Type"), header.Get("Cache-Control"))
		}
		if strings.Contains(body, "govuk") || strings.Contains(body, "crown") {
			t.Errorf("%s is GOV.UK's", m[1])
		}
	}
	for _, govuk := range []string{"govuk-header__logotype", "govuk-footer__crown", "govuk-footer__copyright-logo", "govuk-footer__licence-logo",
		"Crown copyright", "Open Government Licence", "gov.uk"} {
		if strings.Contains(strings.ToLower(home), strings.ToLower(govuk)) {
			t.Errorf("the home page shows GOV.UK's own %q", govuk)
		}
	}
	text := visibleText(home)
	for _, want := range []string{"Agendas, reports and minutes are published by Kent County Council under the Local Government Act 1972.",
		"© Kent County Council"} {
		if !strings.Contains(text, want) {
			t.Errorf("the footer lacks %q:\n%s", want, text)
		}
	}
}

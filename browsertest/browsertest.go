// Package browsertest checks pages in a real headless Chromium: axe-core
// for accessibility, screenshots for people to look at, and the text a
// person would read.
package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Browser is one headless Chromium shared by a test binary.
type Browser struct {
	allocCtx context.Context
	browser  context.Context
	axe      string
}

// chromiumPath finds Debian's Chromium, or the one named by
// MINUTEBOOK_CHROMIUM.
func chromiumPath() string {
	if p := os.Getenv("MINUTEBOOK_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// required is true where a missing browser must fail the run, not skip it.
func required() bool {
	return os.Getenv("MINUTEBOOK_REQUIRE_BROWSER") != "" || os.Getenv("CI") == "true"
}

// Start launches Chromium headless. Without one it skips the test, unless
// the browser is required, when it fails.
func Start(t testing.TB) *Browser {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		if required() {
			t.Fatal("no Chromium found: install Debian's chromium package (make test does)")
		}
		t.Skip("no Chromium found; make test installs it")
	}
	axe, err := axeSource()
	if err != nil {
		t.Fatal(err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		// The machine reaches no network but loopback: without these flags
		// Chromium keeps trying to reach its own services.
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	browser, cancelBrowser := chromedp.NewContext(allocCtx)
	if _, err := chromedp.Run(browser, chromedp.Navigate("about:blank")); err != nil {
		cancelBrowser()
		cancelAlloc()
		t.Fatalf("start Chromium (%s): %v", path, err)
	}
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc()
	})
	return &Browser{allocCtx: allocCtx, browser: browser, axe: axe}
}

// axeSource reads axe-core from node_modules, found beside go.mod, or from
// MINUTEBOOK_AXE_JS.
func axeSource() (string, error) {
	path := os.Getenv("MINUTEBOOK_AXE_JS")
	if path == "" {
		dir, err := os.Getwd()
		if err != nil {
			return "", err
		}
		for {
			if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
				break
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				return "", fmt.Errorf("no go.mod above the working directory")
			}
			dir = parent
		}
		path = filepath.Join(dir, "node_modules", "axe-core", "axe.min.js")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("axe-core is missing (%v): run make deps (npm ci) first", err)
	}
	return string(b), nil
}

// open loads url in a fresh tab of the given width and waits until the
// page has finished loading; close the tab with the returned function.
func (b *Browser) open(t testing.TB, url string, width int64) (context.Context, func()) {
	t.Helper()
	tab, cancelTab := chromedp.NewContext(b.browser)
	ctx, cancelTimeout := context.WithTimeout(tab, 30*time.Second)
	done := func() {
		cancelTimeout()
		cancelTab()
	}
	for _, step := range []chromedp.Action[chromedp.Void]{
		chromedp.EmulateViewport(width, 900),
		chromedp.Navigate(url),
		chromedp.WaitReady("body"),
	} {
		if _, err := chromedp.Run(ctx, step); err != nil {
			done()
			t.Fatalf("%s: %v", url, err)
		}
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.readyState === "complete"`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		done()
		t.Fatalf("%s did not finish loading: %v", url, err)
	}
	return ctx, done
}

// Violation is one failed axe-core rule.
type Violation struct {
	ID      string
	Impact  string
	Help    string
	HelpURL string
	Nodes   []string
}

// wcagTags are the rule sets for WCAG 2.2 AA.
var wcagTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}

// Axe loads url, runs axe-core with the WCAG 2.2 AA rules, and returns the
// violations.
func (b *Browser) Axe(t testing.TB, url string) []Violation {
	t.Helper()
	return b.AxeAt(t, url, 1280)
}

// AxeAt is Axe in a window of the given width, as on a phone.
func (b *Browser) AxeAt(t testing.TB, url string, width int64) []Violation {
	t.Helper()
	tags, _ := json.Marshal(wcagTags)
	script := `(async () => {
		const r = await axe.run(document, {runOnly: {type: "tag", values: ` + string(tags) + `}, resultTypes: ["violations"]});
		return JSON.stringify(r.violations.map(v => ({
			ID: v.id, Impact: v.impact || "", Help: v.help, HelpURL: v.helpUrl,
			Nodes: v.nodes.map(n => n.target.join(" ") + "  " + n.html)
		})));
	})()`
	ctx, done := b.open(t, url, width)
	defer done()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](b.axe)); err != nil {
		t.Fatalf("load axe-core into %s: %v", url, err)
	}
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](script, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("run axe-core on %s: %v", url, err)
	}
	var vs []Violation
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		t.Fatalf("axe-core result for %s: %v", url, err)
	}
	return vs
}

// AssertAccessible fails t with a readable report when url has any WCAG 2.2
// AA violation.
func (b *Browser) AssertAccessible(t testing.TB, url string) {
	t.Helper()
	b.AssertAccessibleAt(t, url, 1280)
}

// AssertAccessibleAt is AssertAccessible in a window of the given width.
func (b *Browser) AssertAccessibleAt(t testing.TB, url string, width int64) {
	t.Helper()
	vs := b.AxeAt(t, url, width)
	if len(vs) == 0 {
		return
	}
	var report strings.Builder
	for _, v := range vs {
		fmt.Fprintf(&report, "\n  %s (%s): %s\n    %s\n", v.ID, v.Impact, v.Help, v.HelpURL)
		for _, n := range v.Nodes {
			fmt.Fprintf(&report, "    - %s\n", n)
		}
	}
	t.Errorf("%s has %d accessibility violations:%s", url, len(vs), report.String())
}

// Screenshot saves a full-page PNG of url at the given width.
func (b *Browser) Screenshot(t testing.TB, url, path string, width int64) {
	t.Helper()
	ctx, done := b.open(t, url, width)
	defer done()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", url, err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Evaluate loads url in a window of the given width, runs the JavaScript
// expression js in the page (awaiting it when it is a promise) and decodes
// its value, as JSON, into into.
func (b *Browser) Evaluate(t testing.TB, url string, width int64, js string, into any) {
	t.Helper()
	ctx, done := b.open(t, url, width)
	defer done()
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(async () => JSON.stringify(await (`+js+`)))()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluate in %s: %v", url, err)
	}
	if err := json.Unmarshal([]byte(out), into); err != nil {
		t.Fatalf("the value evaluated in %s: %v (%s)", url, err, out)
	}
}

// Text is the page's text as a person reads it (document.body.innerText).
func (b *Browser) Text(t testing.TB, url string) string {
	t.Helper()
	ctx, done := b.open(t, url, 1280)
	defer done()
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
	if err != nil {
		t.Fatalf("read %s: %v", url, err)
	}
	return text
}

// SignIn signs in through a site's sign-in form, so that later pages load
// as that account: every tab shares the browser's cookies.
func (b *Browser) SignIn(t testing.TB, siteURL, email, password string) {
	t.Helper()
	ctx, done := b.open(t, siteURL+"/sign-in", 1280)
	defer done()
	for _, step := range []chromedp.Action[chromedp.Void]{
		chromedp.SendKeys("#email", email),
		chromedp.SendKeys("#password", password),
		chromedp.Click(`form[action="/sign-in"] button[type="submit"]`),
	} {
		if _, err := chromedp.Run(ctx, step); err != nil {
			t.Fatalf("sign in as %s: %v", email, err)
		}
	}
	// The page navigates away on success; the old page's context may vanish
	// mid-question, so ask again until the answer is settled.
	deadline := time.Now().Add(10 * time.Second)
	for {
		path, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.readyState === "complete" ? location.pathname : ""`))
		if err == nil && path != "" && !strings.HasPrefix(path, "/sign-in") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("sign in as %s: still on the sign-in page (%q, %v)", email, path, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Field is a form control to fill in: Text is typed into an input or a
// textarea (replacing what is there), or is the value of the option to
// choose in a select; a radio or a checkbox is clicked.
type Field struct {
	Selector string
	Text     string
	Select   bool
	Click    bool
}

// Submit loads url, fills in the fields as a person would, presses the
// button and returns the text of the page that follows.
func (b *Browser) Submit(t testing.TB, url string, fields []Field, button string) string {
	t.Helper()
	ctx, done := b.open(t, url, 1280)
	defer done()
	var steps []chromedp.Action[chromedp.Void]
	for _, f := range fields {
		switch {
		case f.Click:
			steps = append(steps, chromedp.Click(f.Selector))
		case f.Select:
			steps = append(steps, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).value = %q`, f.Selector, f.Text)))
		default:
			steps = append(steps, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).value = ""`, f.Selector)),
				chromedp.SendKeys(f.Selector, f.Text))
		}
	}
	// The mark is on this page's window only: once it is gone, the browser
	// is on the page the form led to.
	steps = append(steps, chromedp.Evaluate[chromedp.Void](`window.minutebookBefore = true`), chromedp.Click(button))
	for _, step := range steps {
		if _, err := chromedp.Run(ctx, step); err != nil {
			t.Fatalf("%s: %v", url, err)
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(!window.minutebookBefore && document.readyState === "complete") ? document.body.innerText : ""`))
		if err == nil && text != "" {
			return text
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: pressing %s led to no new page (%v)", url, button, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

package markdown

import (
	"io"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

func TestRenderKeepsTheMinutesShape(t *testing.T) {
	r := New()
	got := string(r.Render("Further to questions:\n\n- Agency staff were used.\n- Roles were duplicated.\n\n| KPI | RAG |\n|---|---|\n| GL01 | GREEN |"))
	for _, want := range []string{`<p class="govuk-body">Further to questions:</p>`, `<ul class="govuk-list govuk-list--bullet">`,
		`<li>Agency staff were used.</li>`, `<table class="govuk-table">`, `<td>GL01</td>`} {
		if !strings.Contains(got, want) {
			t.Errorf("rendered HTML lacks %q:\n%s", want, got)
		}
	}
}

func TestRenderDropsRawHTMLAndScriptLinks(t *testing.T) {
	r := New()
	tests := []struct{ name, src, banned string }{
		{"script tag", "Hello <script>alert(1)</script>", "<script"},
		{"inline handler", `<img src=x onerror="alert(1)">`, "onerror"},
		{"javascript link", "[click](javascript:alert(1))", "javascript:"},
		{"encoded javascript link", "[click](jAvAsCrIpT:alert(1))", "avascript:"},
		{"data link", "[x](data:text/html;base64,PHNjcmlwdD4=)", "data:"},
		{"image", "![x](https://example.org/x.png)", "<img"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := strings.ToLower(string(r.Render(tt.src)))
			if strings.Contains(got, strings.ToLower(tt.banned)) {
				t.Errorf("Render(%q) = %q, which contains %q", tt.src, got, tt.banned)
			}
		})
	}
}

func TestRenderKeepsSafeLinks(t *testing.T) {
	got := string(New().Render("See [the report](https://www.kent.gov.uk/report) or <https://youtu.be/RHVoHTJA2IE>."))
	if !strings.Contains(got, `<a href="https://www.kent.gov.uk/report" class="govuk-link">the report</a>`) {
		t.Errorf("safe link lost: %s", got)
	}
	if !strings.Contains(got, `href="https://youtu.be/RHVoHTJA2IE"`) {
		t.Errorf("autolink lost: %s", got)
	}
}

// rendered is every element and attribute Render may write; anything else
// in its output came from the author.
var rendered = map[atom.Atom][]string{
	atom.P: {"class"}, atom.Ul: {"class"}, atom.Ol: {"class", "start"}, atom.Li: nil,
	atom.A: {"href", "title", "class"}, atom.Strong: nil, atom.Em: nil, atom.Del: nil, atom.Code: {"class"}, atom.Pre: nil,
	atom.Table: {"class"}, atom.Thead: nil, atom.Tbody: nil, atom.Tr: nil, atom.Th: {"style"}, atom.Td: {"style"},
	atom.Blockquote: nil, atom.Hr: nil, atom.Br: nil,
	atom.H1: {"class"}, atom.H2: {"class"}, atom.H3: {"class"}, atom.H4: {"class"}, atom.H5: {"class"}, atom.H6: {"class"},
}

// browserScheme is the scheme a browser finds in an href, read as the URL
// standard says (tabs and newlines removed, C0 controls and spaces trimmed,
// case ignored), independently of SafeURL.
func browserScheme(href string) string {
	href = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, href)
	href = strings.TrimFunc(href, func(r rune) bool { return r <= ' ' })
	i := strings.IndexByte(href, ':')
	if i < 1 {
		return ""
	}
	for k, c := range href[:i] {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || k > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return ""
		}
	}
	return strings.ToLower(href[:i])
}

// unsafeHTML reports the first thing in fragment that Render must never
// write: an element or attribute it does not make itself (so raw HTML from
// the author), a style other than table alignment, or a link a browser
// would follow to anything but http, https or mailto. It reads tokens, not
// a tree, so that deeply nested emphasis is still checked.
func unsafeHTML(fragment string) string {
	z := html.NewTokenizer(strings.NewReader(fragment))
	for {
		switch z.Next() {
		case html.ErrorToken:
			if z.Err() == io.EOF {
				return ""
			}
			return "unparseable: " + z.Err().Error()
		case html.CommentToken:
			if c := string(z.Text()); c != " raw HTML omitted " {
				return "comment <!--" + c + "-->"
			}
		case html.DoctypeToken:
			return "doctype"
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			allowed, ok := rendered[tok.DataAtom]
			if !ok {
				return "<" + tok.Data + ">"
			}
			for _, a := range tok.Attr {
				switch {
				case !slices.Contains(allowed, a.Key):
					return a.Key + " attribute on <" + tok.Data + ">"
				case a.Key == "style" && !slices.Contains([]string{"text-align:left", "text-align:right", "text-align:center"}, a.Val):
					return "style=" + a.Val
				case a.Key == "href" && strings.HasPrefix(a.Val, "//"):
					return "href=" + a.Val
				case a.Key == "href":
					if sc := browserScheme(a.Val); sc != "" && sc != "http" && sc != "https" && sc != "mailto" {
						return "href=" + a.Val
					}
				}
			}
		case html.EndTagToken:
			if _, ok := rendered[z.Token().DataAtom]; !ok {
				return "</" + z.Token().Data + ">"
			}
		}
	}
}

func TestUnsafeHTMLFindsWhatItLooksFor(t *testing.T) {
	for _, bad := range []string{`<script>x</script>`, `<a href="javascript:x">a</a>`, `<p onclick="x">a</p>`, `<a href="JaVaScRiPt:x">a</a>`,
		`<a href="java&#x09;script:x">a</a>`, `<a href=" &#x01;javascript:x">a</a>`, `<span>raw</span>`, `<table><tr><td style="color:red">x</td></tr></table>`, `<a href="//evil.example">a</a>`} {
		if unsafeHTML(bad) == "" {
			t.Errorf("unsafeHTML(%q) found nothing", bad)
		}
	}
	if got := unsafeHTML(`<p class="govuk-body"><a href="https://example.org" class="govuk-link">x</a> javascript: is text <a href="java%09script:x">relative</a></p><table class="govuk-table"><tr><td style="text-align:left">x</td></tr></table>`); got != "" {
		t.Errorf("unsafeHTML flagged safe HTML: %s", got)
	}
}

func FuzzRenderNeverEmitsScript(f *testing.F) {
	for _, s := range []string{"<script>x</script>", "[a](javascript:x)", "<a href=\"javascript:x\">a</a>", "`code`", "**b**",
		"<javascript:alert(1)>", "[a](java\tscript:x)", "[a]: javascript:x\n\n[a]", "<img src=x onerror=alert(1)>", "www.example.org",
		"[a](java&#x09;script:alert(1))", "[a](&#106;avascript:x)", "[a](javascript&colon;x)", "[a](<java\nscript:x>)",
		"| a | b |\n|:--|--:|\n| x | y |", "3. Apologies\n4. Minutes\n\n> quoted", "```go onload=x\ncode\n```", "x\x00y <!-- c -->",
		"RESOLVED that the [report](https://www.kent.gov.uk/report \"Report\") be noted; contact <clerk@example.org>."} {
		f.Add(s)
	}
	f.Add(strings.Repeat("**", 600) + "x" + strings.Repeat("**", 600))
	r := New()
	f.Fuzz(func(t *testing.T, src string) {
		out := string(r.Render(src))
		if bad := unsafeHTML(out); bad != "" {
			t.Fatalf("Render(%q) emitted %s: %s", src, bad, out)
		}
	})
}

func TestCheckSaysWhatWillNotBePublished(t *testing.T) {
	r := New()
	if got := r.Check("RESOLVED that the [report](https://www.kent.gov.uk/report) be noted; see <mailto:clerk@example.org>."); len(got) != 0 {
		t.Errorf("safe text: %v", got)
	}
	for src, want := range map[string]string{
		"See [this](javascript:alert(1)).": "The link to \u201cjavascript:alert(1)\u201d cannot be published",
		"A ![chart](https://x.org/c.png).": "Pictures cannot go in the minutes",
		"Text <b>bold</b> here.":           "HTML is not shown in the minutes",
		"<div>\nA block of HTML\n</div>":   "HTML is not shown in the minutes",
		"[x](data:text/html;base64,PHNjc)": "The link to \u201cdata:text/html;base64,PHNjc\u201d",
	} {
		got := r.Check(src)
		if len(got) == 0 || !strings.Contains(got[0], want) {
			t.Errorf("Check(%q) = %v, want %q", src, got, want)
		}
	}
}

func TestObfuscatedSchemesAreRefused(t *testing.T) {
	r := New()
	for _, src := range []string{
		"[click](java&#x09;script:alert(1))",
		"[click](java&#9;script:alert(1))",
		"[click](java&Tab;script:alert(1))",
		"[click](java&NewLine;script:alert(1))",
		"[click](java&#x0D;script:alert(1))",
		"[click](&#106;avascript:alert(1))",
		"[click](&#x6A;&#x41;vascript:alert(1))",
		"[click](javascript&colon;alert(1))",
		"[click](javascript\\:alert(1))",
		"[click](<java\tscript:alert(1)>)",
		"[click](\x01javascript:alert(1))",
		"[click](&#x01;javascript:alert(1))",
		"[click](java\x7fscript:alert(1))",
		"[click](JaVaScRiPt:alert(1))",
		"[click](vbscript:msgbox(1))",
		"[click](data:text/html;base64,PHNjcmlwdD4=)",
		"[click](//evil.example/minutes)",
		"[click][x]\n\n[x]: java&#x09;script:alert(1)",
		"<javascript:alert(1)>",
	} {
		out := string(r.Render(src))
		if strings.Contains(out, "<a ") {
			t.Errorf("Render(%q) kept the link: %s", src, out)
		}
		if problems := r.Check(src); len(problems) == 0 || !strings.Contains(problems[0], "cannot be published") {
			t.Errorf("Check(%q) = %q, want the link refused", src, problems)
		}
	}
	for _, src := range []string{"[a](https://www.kent.gov.uk/)", "[a](HTTP://example.org)", "[a](mailto:clerk@example.org)",
		"[a](/meetings/12#item-3)", "[a](#item-3)", "[a](?page=2)", "[a](minutes%20v2.pdf)", "[a](https://example.org/?q=a&amp;b)"} {
		if out := string(r.Render(src)); !strings.Contains(out, "<a href=") {
			t.Errorf("Render(%q) dropped a safe link: %s", src, out)
		}
		if problems := r.Check(src); len(problems) != 0 {
			t.Errorf("Check(%q) = %q, want no problems", src, problems)
		}
	}
}

func TestLongTextIsNotParsed(t *testing.T) {
	r := New()
	// Unclosed links take goldmark time that grows with the square of
	// their number: this many took seconds.
	long := strings.Repeat("[a](", MaxLength/4+1)
	if problems := r.Check(long); len(problems) != 1 || !strings.Contains(problems[0], "more than the 20000 allowed for one minute") {
		t.Errorf("Check = %q, want the length refused", problems)
	}
	if got := string(r.Render(long)); !strings.HasPrefix(got, `<p class="govuk-body">[a](`) {
		t.Errorf("Render did not show long text as plain text: %.80s", got)
	}
	if b := r.Blocks(long); len(b) != 1 || b[0].Spans[0].Text != long {
		t.Errorf("Blocks did not print long text as one plain paragraph")
	}
	// The limit counts characters, not bytes.
	if problems := r.Check(strings.Repeat("£", MaxLength)); len(problems) != 0 {
		t.Errorf("Check of %d pound signs = %q", MaxLength, problems)
	}
}

func TestCheckRefusesNULCharacters(t *testing.T) {
	r := New()
	problems := r.Check("RESOLVED that the report be noted.\n\nThe meeting clos\x00ed at 8pm.")
	if len(problems) != 1 || !strings.Contains(problems[0], "Line 3 contains a NUL character") {
		t.Errorf("Check = %q, want line 3's NUL character refused", problems)
	}
	if problems := r.Check("No NUL here: \u2400 is only a picture of one."); len(problems) != 0 {
		t.Errorf("Check = %q, want no problems", problems)
	}
}

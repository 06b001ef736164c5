package markdown

import (
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

// unsafeHTML reports the first element or attribute in fragment that could
// run code: a script-capable element, an event handler, or a link or
// source whose address is not safe.
func unsafeHTML(fragment string) string {
	nodes, err := html.ParseFragment(strings.NewReader(fragment), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		return "unparseable: " + err.Error()
	}
	var found string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if found != "" {
			return
		}
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Script, atom.Iframe, atom.Object, atom.Embed, atom.Style, atom.Img, atom.Svg, atom.Form:
				found = "<" + n.Data + ">"
				return
			}
			for _, a := range n.Attr {
				key := strings.ToLower(a.Key)
				if strings.HasPrefix(key, "on") || key == "style" || key == "srcdoc" {
					found = key + " attribute"
					return
				}
				if (key == "href" || key == "src" || key == "action") && !SafeURL(a.Val) {
					found = key + "=" + a.Val
					return
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return found
}

func TestUnsafeHTMLFindsWhatItLooksFor(t *testing.T) {
	for _, bad := range []string{`<script>x</script>`, `<a href="javascript:x">a</a>`, `<p onclick="x">a</p>`, `<a href="JaVaScRiPt:x">a</a>`} {
		if unsafeHTML(bad) == "" {
			t.Errorf("unsafeHTML(%q) found nothing", bad)
		}
	}
	if got := unsafeHTML(`<p class="govuk-body"><a href="https://example.org" class="govuk-link">x</a> javascript: is text</p>`); got != "" {
		t.Errorf("unsafeHTML flagged safe HTML: %s", got)
	}
}

func FuzzRenderNeverEmitsScript(f *testing.F) {
	for _, s := range []string{"<script>x</script>", "[a](javascript:x)", "<a href=\"javascript:x\">a</a>", "`code`", "**b**",
		"<javascript:alert(1)>", "[a](java\tscript:x)", "[a]: javascript:x\n\n[a]", "<img src=x onerror=alert(1)>", "www.example.org"} {
		f.Add(s)
	}
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

package markdown

import (
	"fmt"
	"strings"
	"testing"
)

// show prints blocks compactly: a block per line, its kind, level and
// marker, then spans with ** for strong and _ for emphasis.
func show(bs []Block) string {
	var lines []string
	for _, b := range bs {
		var sb strings.Builder
		if b.Kind == ListItem {
			fmt.Fprintf(&sb, "li%d %s ", b.Level, b.Marker)
		} else {
			fmt.Fprintf(&sb, "p%d ", b.Level)
		}
		for _, s := range b.Spans {
			t := s.Text
			if s.Emphasis {
				t = "_" + t + "_"
			}
			if s.Strong {
				t = "**" + t + "**"
			}
			sb.WriteString(t)
		}
		lines = append(lines, sb.String())
	}
	return strings.Join(lines, "\n")
}

func TestBlocks(t *testing.T) {
	r := New()
	tests := []struct{ name, src, want string }{
		{"paragraphs", "RESOLVED that the report be noted.\n\nThe Chairman thanked officers.",
			"p0 RESOLVED that the report be noted.\np0 The Chairman thanked officers."},
		{"emphasis and strong", "The *draft* budget was **agreed**, ***unanimously***.",
			"p0 The _draft_ budget was **agreed**, **_unanimously_**."},
		{"strong next to punctuation", "**RESOLVED**: that", "p0 **RESOLVED**: that"},
		{"line break", "First line\nsecond line", "p0 First line\nsecond line"},
		{"bullet list", "Further to questions:\n\n- Agency staff were used.\n- Roles were *duplicated*.",
			"p0 Further to questions:\nli1 • Agency staff were used.\nli1 • Roles were _duplicated_."},
		{"nested list", "- Finance\n  - revenue\n  - capital\n- Staffing",
			"li1 • Finance\nli2 – revenue\nli2 – capital\nli1 • Staffing"},
		{"ordered from 3", "3. Third\n4. Fourth\n   1. sub one\n   2. sub two",
			"li1 3. Third\nli1 4. Fourth\nli2 1. sub one\nli2 2. sub two"},
		{"loose item with two paragraphs", "1. First point.\n\n   More on it.\n\n2. Second.",
			"li1 1. First point.\np1 More on it.\nli1 2. Second."},
		{"empty item keeps its marker", "- \n- b", "li1 • \nli1 • b"},
		{"link", "See [the report](https://example.org/r).", "p0 See the report (https://example.org/r)."},
		{"strong link", "**[the report](https://example.org/r)**", "p0 **the report (https://example.org/r)**"},
		{"link whose text is its address", "[https://example.org/r](https://example.org/r)", "p0 https://example.org/r"},
		{"mail link", "[clerk@example.org](mailto:clerk@example.org)", "p0 clerk@example.org"},
		{"autolink", "Watch <https://youtu.be/RHVoHTJA2IE> again.", "p0 Watch https://youtu.be/RHVoHTJA2IE again."},
		{"bare address", "Visit www.kent.gov.uk today.", "p0 Visit www.kent.gov.uk today."},
		{"javascript link", "[click here](javascript:alert(1)) now", "p0 click here now"},
		{"javascript autolink", "a <javascript:alert(1)> b", "p0 a  b"},
		{"raw inline HTML", "Text <b>bold</b> <script>x</script>here.", "p0 Text bold xhere."},
		{"HTML block", "Before.\n\n<div>\nA block of HTML\n</div>\n\nAfter.", "p0 Before.\np0 After."},
		{"heading", "## Decision\n\nAgreed.", "p0 **Decision**\np0 Agreed."},
		{"table", "| KPI | RAG |\n|---|---|\n| GL01 | GREEN |", "p0 **KPI | RAG**\np0 GL01 | GREEN"},
		{"escapes and entities", `\*not emphasis\* &amp; &#163;5`, "p0 *not emphasis* & £5"},
		{"code span", "Run `a*b*c` now", "p0 Run a*b*c now"},
		{"picture keeps its description", "![a chart](https://x.org/c.png)", "p0 a chart"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := show(r.Blocks(tt.src)); got != tt.want {
				t.Errorf("Blocks(%q)\n got %q\nwant %q", tt.src, got, tt.want)
			}
		})
	}
}

// The exact spans of a link, as the PDF prints them.
func TestBlocksLinkSpans(t *testing.T) {
	got := New().Blocks("[the report](https://example.org/r)")
	want := []Block{{Kind: Paragraph, Spans: []Span{{Text: "the report (https://example.org/r)"}}}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

package markdown

import (
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// BlockKind says how a block is laid out.
type BlockKind int

const (
	// Paragraph is a paragraph of text; inside a list (Level > 0) it
	// continues the item above it, indented to the item's text.
	Paragraph BlockKind = iota
	// ListItem starts a list item: Marker hangs before the text.
	ListItem
)

// Span is a run of text in one style. Text may hold "\n", a line break.
type Span struct {
	Text     string
	Strong   bool
	Emphasis bool
}

// Block is a paragraph or the start of a list item, for printing Markdown
// where HTML cannot go, such as a PDF.
type Block struct {
	Kind   BlockKind
	Level  int    // list nesting: 0 outside lists, 1 in a list, 2 in a list within it
	Marker string // of a ListItem: "•" or "–" (nested), or "3." in a list numbered from 3
	Spans  []Span
}

// Blocks converts src to blocks of styled text. It parses as Render does, so
// the two agree on what the author wrote: unsafe links keep their text only,
// pictures their description, and raw HTML is dropped. Headings come out as
// bold paragraphs and each table row as a paragraph with its cells separated
// by " | "; links print their text, then their address in brackets when it
// is not the text itself. Text over MaxLength is one plain paragraph, as
// Render shows it.
func (r *Renderer) Blocks(src string) []Block {
	if tooLong(src) {
		return []Block{{Kind: Paragraph, Spans: []Span{{Text: src}}}}
	}
	source := []byte(src)
	doc := r.md.Parser().Parse(text.NewReader(source))
	b := &blocker{source: source}
	b.container(doc)
	return b.out
}

// blocker walks the block structure; inline content goes through spans.
type blocker struct {
	source []byte
	out    []Block
	level  int
	marker string // for the next block, when a list item has just begun
}

func (b *blocker) emit(spans []Span, strong bool) {
	if strong {
		for i := range spans {
			spans[i].Strong = true
		}
	}
	blk := Block{Kind: Paragraph, Level: b.level, Spans: merge(spans)}
	if b.marker != "" {
		blk.Kind, blk.Marker, b.marker = ListItem, b.marker, ""
	}
	b.out = append(b.out, blk)
}

func (b *blocker) container(n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		b.block(c)
	}
}

func (b *blocker) block(n ast.Node) {
	switch v := n.(type) {
	case *ast.Paragraph, *ast.TextBlock:
		b.emit(b.inlines(v, Span{}), false)
	case *ast.Heading:
		b.emit(b.inlines(v, Span{}), true)
	case *ast.List:
		b.level++
		num := v.Start
		for it := v.FirstChild(); it != nil; it = it.NextSibling() {
			switch {
			case v.IsOrdered():
				b.marker = strconv.Itoa(num) + "."
				num++
			case b.level > 1:
				b.marker = "\u2013"
			default:
				b.marker = "\u2022"
			}
			b.container(it)
			if b.marker != "" {
				// An empty item, or one that starts with a nested list,
				// still shows its marker.
				b.emit(nil, false)
			}
		}
		b.level--
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		var sb strings.Builder
		lines := v.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			sb.Write(seg.Value(b.source))
		}
		b.emit([]Span{{Text: strings.TrimRight(sb.String(), "\n")}}, false)
	case *east.Table:
		for row := v.FirstChild(); row != nil; row = row.NextSibling() {
			var spans []Span
			for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
				if cell != row.FirstChild() {
					spans = append(spans, Span{Text: " | "})
				}
				spans = append(spans, b.inlines(cell, Span{})...)
			}
			_, header := row.(*east.TableHeader)
			b.emit(spans, header)
		}
	case *ast.HTMLBlock, *ast.ThematicBreak:
		// Nothing to print: HTML is never shown, and the gap between
		// paragraphs already separates what a rule would.
	default:
		b.container(v) // block quotes and anything else holding blocks
	}
}

// inlines collects the text under n in the style st, adding to it as it
// meets emphasis.
func (b *blocker) inlines(n ast.Node, st Span) []Span {
	var spans []Span
	add := func(s string) {
		if s != "" {
			spans = append(spans, Span{Text: s, Strong: st.Strong, Emphasis: st.Emphasis})
		}
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch v := c.(type) {
		case *ast.Text:
			seg := v.Segment.Value(b.source)
			if !v.IsRaw() {
				seg = util.UnescapePunctuations(util.ResolveEntityNames(util.ResolveNumericReferences(seg)))
			}
			add(string(seg))
			if v.SoftLineBreak() || v.HardLineBreak() {
				// Render keeps the author's line breaks (hard wraps).
				add("\n")
			}
		case *ast.String:
			add(string(v.Value))
		case *ast.CodeSpan:
			var sb strings.Builder
			for t := v.FirstChild(); t != nil; t = t.NextSibling() {
				if tx, ok := t.(*ast.Text); ok {
					sb.Write(tx.Segment.Value(b.source))
				} else if s, ok := t.(*ast.String); ok {
					sb.Write(s.Value)
				}
			}
			add(sb.String())
		case *ast.Emphasis:
			inner := st
			if v.Level >= 2 {
				inner.Strong = true
			} else {
				inner.Emphasis = true
			}
			spans = append(spans, b.inlines(v, inner)...)
		case *ast.Link:
			label := b.inlines(v, st)
			spans = append(spans, label...)
			dest := string(v.Destination)
			if SafeURL(dest) && !sameAddress(plain(label), dest) {
				add(" (" + dest + ")")
			}
		case *ast.AutoLink:
			// The label is what the author typed: an address already.
			if SafeURL(string(v.URL(b.source))) {
				add(string(v.Label(b.source)))
			}
		case *ast.RawHTML:
			// Dropped as Render drops it; text between tags still prints.
		default:
			spans = append(spans, b.inlines(v, st)...)
		}
	}
	return spans
}

func plain(spans []Span) string {
	var sb strings.Builder
	for _, s := range spans {
		sb.WriteString(s.Text)
	}
	return sb.String()
}

// sameAddress is true when a link's text is its address, so printing the
// address again would only repeat it.
func sameAddress(label, dest string) bool {
	label, dest = strings.TrimSpace(label), strings.TrimSpace(dest)
	return label == dest || "mailto:"+label == dest
}

// merge joins neighbouring spans of one style, and drops empty ones.
func merge(spans []Span) []Span {
	var out []Span
	for _, s := range spans {
		if s.Text == "" {
			continue
		}
		if n := len(out); n > 0 && out[n-1].Strong == s.Strong && out[n-1].Emphasis == s.Emphasis {
			out[n-1].Text += s.Text
			continue
		}
		out = append(out, s)
	}
	return out
}

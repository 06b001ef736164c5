package pack

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"

	"minutebook/markdown"
)

// Section is a heading followed by paragraphs; any may be empty.
type Section struct {
	Heading string
	Body    []Paragraph
}

// Paragraph is one numbered or unnumbered paragraph of a section.
type Paragraph struct {
	Number string // printed in a hanging indent before the text, e.g. "1." ; may be empty
	Text   string // plain text, printed as it is
	// Markdown is rendered as the web page renders it: paragraphs, lists,
	// **strong**, *emphasis*, links with their address, line breaks. When
	// both are set, Text is printed first.
	Markdown string
}

// Document is a document such as minutes or a report.
type Document struct {
	Title string
	// Header holds label/value lines printed under the title, e.g.
	// {"From:", "Ben Watts, General Counsel"}, {"Classification:", "Unrestricted"}.
	Header   [][2]string
	Sections []Section
	// PageNumbers prints "Page N of M" at the foot of every page, for a
	// document read on its own. Leave it off for papers: the agenda pack
	// stamps its own "Page N" on every page.
	PageNumbers bool
}

// flow lays out blocks of lines top to bottom, starting a new page when a
// block does not fit.
type flow struct {
	c         *canvas
	y         float64 // top of the next line
	onNewPage func()  // draws a running header on pages after the first
}

func newFlow(c *canvas) *flow {
	c.newPage()
	_, h := c.size()
	return &flow{c: c, y: h - marginTop}
}

func (f *flow) right() float64 {
	w, _ := f.c.size()
	return w - marginRight
}

func (f *flow) width() float64 { return f.right() - marginLeft }

// need starts a new page unless h points fit above the bottom margin.
func (f *flow) need(h float64) {
	if f.y-h < marginBottom {
		f.c.newPage()
		_, ph := f.c.size()
		f.y = ph - marginTop
		if f.onNewPage != nil {
			f.onNewPage()
		}
	}
}

func leading(size float64) float64 { return size * 1.32 }

// baseline is where a line of the given size whose top is at y sits.
func baseline(y, size float64) float64 { return y - size*0.92 }

// lines draws wrapped lines at x, breaking pages between lines.
func (f *flow) lines(fc face, size, x float64, ls []string) {
	for _, l := range ls {
		f.need(leading(size))
		f.c.text(fc, size, x, baseline(f.y, size), l)
		f.y -= leading(size)
	}
}

func (f *flow) gap(h float64) { f.y -= h }

// WriteDocument writes d as an A4 PDF with wrapped text, so that minutes and
// demo reports can be used as papers.
func WriteDocument(w io.Writer, d Document) error {
	return writeDocument(w, d, &canvas{})
}

func writeDocument(w io.Writer, d Document, c *canvas) error {
	if w == nil {
		return errors.New("pack: no writer")
	}
	f := newFlow(c)
	const (
		titleSize = 16.0
		bodySize  = 11.0
		headSize  = 12.5
		labelW    = 100.0
	)
	if d.Title != "" {
		f.lines(bold, titleSize, marginLeft, wrap(bold, titleSize, f.width(), d.Title))
		f.gap(8)
	}
	for _, h := range d.Header {
		vals := wrap(regular, bodySize, f.width()-labelW, h[1])
		f.need(leading(bodySize))
		f.c.text(bold, bodySize, marginLeft, baseline(f.y, bodySize), h[0])
		f.lines(regular, bodySize, marginLeft+labelW, vals)
	}
	if len(d.Header) > 0 || d.Title != "" {
		f.gap(6)
		f.need(14)
		f.c.rule(marginLeft, f.right(), f.y, 0.6)
		f.gap(14)
	}
	var bms []pdfcpu.Bookmark
	for _, s := range d.Sections {
		if s.Heading != "" {
			hl := wrap(bold, headSize, f.width(), s.Heading)
			// Keep a heading with the first two lines of what follows it.
			f.need(float64(len(hl))*leading(headSize) + 2*leading(bodySize))
			bms = append(bms, pdfcpu.Bookmark{Title: strings.Join(strings.Fields(s.Heading), " "), PageFrom: len(c.pages)})
			f.lines(bold, headSize, marginLeft, hl)
			f.gap(4)
		}
		for _, p := range s.Body {
			f.paragraph(p, bodySize)
			f.gap(7)
		}
		f.gap(6)
	}
	if d.PageNumbers {
		pw, _ := c.size()
		for i, page := range c.pages {
			footer := fmt.Sprintf("Page %d of %d", i+1, len(c.pages))
			// Marked as an artifact so that screen readers skip it, as
			// they skip the pack's own footers.
			page.WriteString("/Artifact BMC\n")
			drawRuns(page, 10, (pw-width(regular, 10, footer))/2, 22, []piece{{regular, footer}})
			page.WriteString("EMC\n")
		}
	}
	ctx, err := c.context()
	if err != nil {
		return err
	}
	if err := setDocInfo(ctx, d.Title); err != nil {
		return err
	}
	if len(bms) > 0 {
		if d.Title != "" {
			bms = append([]pdfcpu.Bookmark{{Title: strings.Join(strings.Fields(d.Title), " "), PageFrom: 1}}, bms...)
		}
		if err := setOutline(ctx, bms); err != nil {
			return fmt.Errorf("bookmarks: %w", err)
		}
	}
	return writePDF(ctx, w)
}

// Layout of paragraphs with a number or list markers hanging before them.
const (
	numberIndent = 28.0 // from a paragraph's number to its text
	listIndent   = 20.0 // per level of list, from the marker to the text
	listGap      = 3.0  // between the items of a list
	paraGap      = 7.0  // between paragraphs, as between paragraphs
)

// renderer is shared because building one sets up goldmark's parsers.
var renderer = sync.OnceValue(markdown.New)

// textBlock is a paragraph or list item ready to wrap.
type textBlock struct {
	level  int
	marker string
	runs   []piece
}

func blocksOf(p Paragraph) []textBlock {
	var bs []textBlock
	if p.Text != "" {
		bs = append(bs, textBlock{runs: []piece{{regular, p.Text}}})
	}
	if strings.TrimSpace(p.Markdown) == "" {
		return bs
	}
	for _, b := range renderer().Blocks(p.Markdown) {
		tb := textBlock{level: b.Level, marker: b.Marker}
		for _, sp := range b.Spans {
			tb.runs = append(tb.runs, piece{spanFace(sp), sp.Text})
		}
		bs = append(bs, tb)
	}
	return bs
}

func spanFace(s markdown.Span) face {
	switch {
	case s.Strong && s.Emphasis:
		return boldItalic
	case s.Strong:
		return bold
	case s.Emphasis:
		return italic
	}
	return regular
}

// paragraph draws p with its number, if any, hanging before the first line
// and every line of every block indented to the text.
func (f *flow) paragraph(p Paragraph, size float64) {
	x := marginLeft
	number := strings.TrimSpace(p.Number)
	if number != "" {
		x += max(numberIndent, width(regular, size, number)+8)
	}
	bs := blocksOf(p)
	if len(bs) == 0 && number != "" {
		bs = []textBlock{{}} // the number alone still shows
	}
	for i, b := range bs {
		if i > 0 {
			if b.level > 0 {
				f.gap(listGap)
			} else {
				f.gap(paraGap)
			}
		}
		markerX := x + float64(max(b.level-1, 0))*listIndent
		textX := x + float64(b.level)*listIndent
		if b.marker != "" {
			// A marker too wide for the indent, such as "100.", pushes
			// its text along rather than overprint it.
			textX = max(textX, markerX+width(regular, size, b.marker)+5)
		}
		for j, l := range wrapRuns(size, f.right()-textX, b.runs) {
			f.need(leading(size))
			y := baseline(f.y, size)
			if j == 0 {
				if i == 0 && number != "" {
					f.c.text(regular, size, marginLeft, y, number)
				}
				if b.marker != "" {
					f.c.text(regular, size, markerX, y, b.marker)
				}
			}
			if len(l) > 0 {
				f.c.runs(size, textX, y, l)
			}
			f.y -= leading(size)
		}
	}
}

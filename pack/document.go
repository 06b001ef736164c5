package pack

import (
	"errors"
	"io"

	"github.com/pdfcpu/pdfcpu/pkg/api"
)

// Section is a heading followed by paragraphs; either may be empty.
type Section struct {
	Heading    string
	Paragraphs []string
}

// Document is a plain text document such as minutes or a report.
type Document struct {
	Title string
	// Header holds label/value lines printed under the title, e.g.
	// {"From:", "Ben Watts, General Counsel"}, {"Classification:", "Unrestricted"}.
	Header   [][2]string
	Sections []Section
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
	for _, s := range d.Sections {
		if s.Heading != "" {
			hl := wrap(bold, headSize, f.width(), s.Heading)
			// Keep a heading with the first two lines of what follows it.
			f.need(float64(len(hl))*leading(headSize) + 2*leading(bodySize))
			f.lines(bold, headSize, marginLeft, hl)
			f.gap(4)
		}
		for _, p := range s.Paragraphs {
			f.lines(regular, bodySize, marginLeft, wrap(regular, bodySize, f.width(), p))
			f.gap(7)
		}
		f.gap(6)
	}
	ctx, err := c.context()
	if err != nil {
		return err
	}
	if err := setDocInfo(ctx, d.Title); err != nil {
		return err
	}
	return api.WriteContext(ctx, w)
}

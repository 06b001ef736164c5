package pack

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pdfcpu/pdfcpu/pkg/font"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	pdffont "github.com/pdfcpu/pdfcpu/pkg/pdfcpu/font"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// A4 portrait in points; every page this package draws itself is A4.
const (
	pageW = 595.28
	pageH = 841.89

	marginLeft   = 56.7 // 20 mm
	marginRight  = 56.7
	marginTop    = 56.7
	marginBottom = 70.0 // leaves room for the "Page N" footer stamped later

	// US Letter, for test papers like those an outside body may send.
	letterW = 612.0
	letterH = 792.0
)

// face is one of the standard PDF fonts; they need no embedding, so packs stay
// small and no font file has to be shipped.
type face int

const (
	regular face = iota
	bold
	italic
	boldItalic
)

var faces = [...]struct{ key, name string }{
	regular:    {"F1", "Helvetica"},
	bold:       {"F2", "Helvetica-Bold"},
	italic:     {"F3", "Helvetica-Oblique"},
	boldItalic: {"F4", "Helvetica-BoldOblique"},
}

// winAnsi maps text to the single-byte WinAnsiEncoding used with the standard
// fonts, so "–", "£" and curly quotes print and measure correctly.
func winAnsi(s string) string { return model.DecodeUTF8ToByte(s) }

// width is the width of s in points.
func width(f face, size float64, s string) float64 {
	w, err := font.TextWidthFloat(winAnsi(s), faces[f].name, size)
	if err != nil {
		return 0
	}
	return w
}

// wrap breaks s into lines no wider than max, at spaces where it can and
// inside a word only when the word alone is too wide. Newlines in s are kept.
func wrap(f face, size, max float64, s string) []string {
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		lines = append(lines, wrapTokens(f, size, max, strings.Fields(para))...)
	}
	return lines
}

// wrapTokens fills lines with tokens separated by spaces. A token may hold
// spaces of its own, such as a member's name, and is split only when it is
// wider than a line by itself.
func wrapTokens(f face, size, max float64, tokens []string) []string {
	space := width(f, size, " ")
	var lines []string
	line, lw := "", 0.0
	for _, tok := range tokens {
		tw := width(f, size, tok)
		if line != "" && lw+space+tw <= max {
			line += " " + tok
			lw += space + tw
			continue
		}
		if line != "" {
			lines = append(lines, line)
		}
		if tw <= max {
			line, lw = tok, tw
			continue
		}
		if words := strings.Fields(tok); len(words) > 1 {
			sub := wrapTokens(f, size, max, words)
			lines = append(lines, sub[:len(sub)-1]...)
			line = sub[len(sub)-1]
			lw = width(f, size, line)
			continue
		}
		for width(f, size, tok) > max && utf8.RuneCountInString(tok) > 1 {
			cut := fitRunes(f, size, max, tok)
			lines = append(lines, tok[:cut])
			tok = tok[cut:]
		}
		line, lw = tok, width(f, size, tok)
	}
	return append(lines, line)
}

// fitRunes returns the byte length of the longest prefix of s (at least one
// rune) that fits in max.
func fitRunes(f face, size, max float64, s string) int {
	end := 0
	for i, r := range s {
		next := i + utf8.RuneLen(r)
		if end > 0 && width(f, size, s[:next]) > max {
			break
		}
		end = next
	}
	return end
}

// canvas collects the content streams of pages drawn with the standard fonts.
// A zero canvas draws on A4.
type canvas struct {
	w, h  float64
	pages []*bytes.Buffer
}

func (c *canvas) size() (w, h float64) {
	if c.w == 0 {
		return pageW, pageH
	}
	return c.w, c.h
}

func (c *canvas) newPage() { c.pages = append(c.pages, &bytes.Buffer{}) }

func (c *canvas) cur() *bytes.Buffer {
	if len(c.pages) == 0 {
		c.newPage()
	}
	return c.pages[len(c.pages)-1]
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

// text draws s with its baseline starting at (x, y).
func (c *canvas) text(f face, size, x, y float64, s string) {
	c.runs(size, x, y, []piece{{f, s}})
}

// runs draws runs of text one after another on a line starting at (x, y),
// in one text object so that extractors read the line as one.
func (c *canvas) runs(size, x, y float64, rs []piece) {
	drawRuns(c.cur(), size, x, y, rs)
}

func drawRuns(b *bytes.Buffer, size, x, y float64, rs []piece) {
	fmt.Fprintf(b, "BT %s %s Td", num(x), num(y))
	last := face(-1)
	for _, r := range rs {
		if r.f != last {
			fmt.Fprintf(b, " /%s %s Tf", faces[r.f].key, num(size))
			last = r.f
		}
		esc, _ := types.Escape(winAnsi(r.s))
		fmt.Fprintf(b, " (%s) Tj", *esc)
	}
	b.WriteString(" ET\n")
}

// textRight draws s so that it ends at x.
func (c *canvas) textRight(f face, size, x, y float64, s string) {
	c.text(f, size, x-width(f, size, s), y, s)
}

// textCentre draws s centred on x.
func (c *canvas) textCentre(f face, size, x, y float64, s string) {
	c.text(f, size, x-width(f, size, s)/2, y, s)
}

// rule draws a horizontal line.
func (c *canvas) rule(x1, x2, y, w float64) {
	fmt.Fprintf(c.cur(), "q %s w 0.35 G %s %s m %s %s l S Q\n", num(w), num(x1), num(y), num(x2), num(y))
}

// newConf is the pdfcpu configuration for everything this package reads and
// writes: relaxed validation, because papers come from many word processors.
func newConf() *model.Configuration {
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	conf.CreateBookmarks = false
	conf.OptimizeBeforeWriting = false
	conf.Cmd = model.MERGECREATE
	return conf
}

// context turns the canvas into an in-memory PDF that pdfcpu can merge into,
// stamp and write.
func (c *canvas) context() (*model.Context, error) {
	w, h := c.size()
	ctx, err := pdfcpu.CreateContextWithXRefTable(newConf(), &types.Dim{Width: w, Height: h})
	if err != nil {
		return nil, err
	}
	pagesRef, err := ctx.Pages()
	if err != nil {
		return nil, err
	}
	pagesDict, err := ctx.DereferenceDict(*pagesRef)
	if err != nil {
		return nil, err
	}
	fonts := types.Dict{}
	for _, f := range faces {
		ir, err := pdffont.CoreFontDict(ctx.XRefTable, f.name)
		if err != nil {
			return nil, err
		}
		fonts[f.key] = *ir
	}
	if len(c.pages) == 0 {
		c.newPage()
	}
	kids := types.Array{}
	for _, buf := range c.pages {
		sd, err := ctx.NewStreamDictForBuf(buf.Bytes())
		if err != nil {
			return nil, err
		}
		if err := sd.Encode(); err != nil {
			return nil, err
		}
		contents, err := ctx.IndRefForNewObject(*sd)
		if err != nil {
			return nil, err
		}
		// Each page gets its own resource dictionary because stamping adds
		// per-page entries to it.
		page := types.Dict{
			"Type":      types.Name("Page"),
			"Parent":    *pagesRef,
			"MediaBox":  types.RectForDim(w, h).Array(),
			"Resources": types.Dict{"Font": fonts.Clone()},
			"Contents":  *contents,
		}
		ir, err := ctx.IndRefForNewObject(page)
		if err != nil {
			return nil, err
		}
		kids = append(kids, *ir)
	}
	pagesDict.Update("Kids", kids)
	pagesDict.Update("Count", types.Integer(len(kids)))
	ctx.PageCount = len(kids)
	return ctx, nil
}

// setDocInfo sets the title and language that readers and screen readers show.
func setDocInfo(ctx *model.Context, title string) error {
	info := types.Dict{
		"Title":   types.StringLiteral(pdfString(title)),
		"Creator": types.StringLiteral("minutebook"),
	}
	ir, err := ctx.IndRefForNewObject(info)
	if err != nil {
		return err
	}
	ctx.Info = ir
	root, err := ctx.Catalog()
	if err != nil {
		return err
	}
	root.Update("Lang", types.StringLiteral("en-GB"))
	root.Update("ViewerPreferences", types.Dict{"DisplayDocTitle": types.Boolean(true)})
	return nil
}

// pdfString encodes s for a PDF text string: plain when it is ASCII,
// otherwise UTF-16 with a byte order mark.
func pdfString(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 || s[i] < 0x20 {
			ascii = false
			break
		}
	}
	if !ascii {
		s = types.EncodeUTF16String(s)
	}
	esc, _ := types.Escape(s)
	return *esc
}

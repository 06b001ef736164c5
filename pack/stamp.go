package pack

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"math"

	pdffont "github.com/pdfcpu/pdfcpu/pkg/pdfcpu/font"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// marks is what one page of the pack carries on top of its own content.
type marks struct {
	number    int  // "Page N"
	blank     bool // "This page is intentionally left blank"
	exemptPar int  // 1-7 on the pages of a Part 2 paper, else 0
}

// Stamp texts.
const (
	blankText  = "This page is intentionally left blank"
	exemptText = "EXEMPT - NOT FOR PUBLICATION"
)

func exemptLine(par int) string {
	return fmt.Sprintf("Paragraph %d of Part 1 of Schedule 12A", par)
}

// Resource names of the stamp fonts, chosen not to clash with a paper's own.
const (
	stampRegular = "MBStampF1"
	stampBold    = "MBStampF2"
)

// inherited holds the page attributes a page may take from its ancestors.
type inherited struct {
	resources types.Object
	mediaBox  types.Object
	cropBox   types.Object
	rotate    types.Object
}

func (in inherited) from(d types.Dict) inherited {
	if o, ok := d["Resources"]; ok {
		in.resources = o
	}
	if o, ok := d["MediaBox"]; ok {
		in.mediaBox = o
	}
	if o, ok := d["CropBox"]; ok {
		in.cropBox = o
	}
	if o, ok := d["Rotate"]; ok {
		in.rotate = o
	}
	return in
}

// stamper adds the footer, blank-page and exempt stamps to every page in one
// walk of the page tree. Each page's content is wrapped in q/Q and followed
// by a small stream of its own, so the paper's content is never decoded or
// rewritten; that keeps the build close to the speed of a plain merge.
type stamper struct {
	ctx     *model.Context
	marks   func(page int) marks
	fonts   [2]types.IndirectRef
	save    types.IndirectRef // shared "q" stream
	page    int
	visited map[int]bool
	zbuf    bytes.Buffer
	zw      *zlib.Writer
	content bytes.Buffer
}

func stampPages(ctx *model.Context, m func(page int) marks) error {
	s := &stamper{ctx: ctx, marks: m, visited: map[int]bool{}}
	s.zw = zlib.NewWriter(&s.zbuf)
	for i, name := range []string{"Helvetica", "Helvetica-Bold"} {
		ir, err := pdffont.CoreFontDict(ctx.XRefTable, name)
		if err != nil {
			return err
		}
		s.fonts[i] = *ir
	}
	save, err := s.stream([]byte("q\n"))
	if err != nil {
		return err
	}
	s.save = save
	root, err := ctx.Pages()
	if err != nil {
		return err
	}
	if err := s.walk(*root, inherited{}, 0); err != nil {
		return err
	}
	if s.page != ctx.PageCount {
		return fmt.Errorf("stamped %d pages of %d", s.page, ctx.PageCount)
	}
	return nil
}

// stream adds a Flate-compressed stream object. One zlib writer is reused
// because setting one up costs far more than compressing a footer.
func (s *stamper) stream(content []byte) (types.IndirectRef, error) {
	s.zbuf.Reset()
	s.zw.Reset(&s.zbuf)
	if _, err := s.zw.Write(content); err != nil {
		return types.IndirectRef{}, err
	}
	if err := s.zw.Close(); err != nil {
		return types.IndirectRef{}, err
	}
	raw := bytes.Clone(s.zbuf.Bytes())
	n := int64(len(raw))
	sd := types.StreamDict{
		Dict:           types.Dict{"Filter": types.Name("FlateDecode"), "Length": types.Integer(n)},
		Raw:            raw,
		StreamLength:   &n,
		FilterPipeline: []types.PDFFilter{{Name: "FlateDecode"}},
	}
	ir, err := s.ctx.IndRefForNewObject(sd)
	if err != nil {
		return types.IndirectRef{}, err
	}
	return *ir, nil
}

func (s *stamper) walk(ref types.IndirectRef, in inherited, depth int) error {
	nr := ref.ObjectNumber.Value()
	if depth > 64 || s.visited[nr] {
		return errors.New("the page tree loops")
	}
	s.visited[nr] = true
	d, err := s.ctx.DereferenceDict(ref)
	if err != nil {
		return err
	}
	if d == nil {
		return fmt.Errorf("page tree node %d is missing", nr)
	}
	in = in.from(d)
	kidsObj, hasKids := d["Kids"]
	if t := d.NameEntry("Type"); (t != nil && *t == "Pages") || (t == nil && hasKids) {
		kids, err := s.ctx.DereferenceArray(kidsObj)
		if err != nil {
			return err
		}
		for _, k := range kids {
			kr, ok := k.(types.IndirectRef)
			if !ok {
				return fmt.Errorf("page tree node %d has a direct kid", nr)
			}
			if err := s.walk(kr, in, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	s.page++
	return s.stampPage(d, in, s.marks(s.page))
}

func (s *stamper) stampPage(d types.Dict, in inherited, m marks) error {
	box, err := s.visibleBox(in)
	if err != nil {
		return err
	}
	rot, err := s.rotation(in.rotate)
	if err != nil {
		return err
	}
	res, err := s.resources(in.resources)
	if err != nil {
		return err
	}
	d["Resources"] = res

	// Draw in the page's displayed orientation: w and h are the width and
	// height the reader sees, (0, 0) its bottom left corner.
	llx, lly, bw, bh := box[0], box[1], box[2]-box[0], box[3]-box[1]
	w, h := bw, bh
	var cm string
	switch rot {
	case 90:
		w, h = bh, bw
		cm = fmt.Sprintf("0 1 -1 0 %s %s cm", num(llx+bw), num(lly))
	case 180:
		cm = fmt.Sprintf("-1 0 0 -1 %s %s cm", num(llx+bw), num(lly+bh))
	case 270:
		w, h = bh, bw
		cm = fmt.Sprintf("0 -1 1 0 %s %s cm", num(llx), num(lly+bh))
	default:
		cm = fmt.Sprintf("1 0 0 1 %s %s cm", num(llx), num(lly))
	}

	b := &s.content
	b.Reset()
	fmt.Fprintf(b, "Q\nq\n%s\n/Artifact BMC\n", cm)
	centre := func(f face, size, y float64, text string) {
		key := stampRegular
		if f == bold {
			key = stampBold
		}
		esc, _ := types.Escape(winAnsi(text))
		fmt.Fprintf(b, "BT /%s %s Tf %s %s Td (%s) Tj ET\n", key, num(size), num((w-width(f, size, text))/2), num(y), *esc)
	}
	b.WriteString("0 g\n")
	centre(regular, 10, 22, fmt.Sprintf("Page %d", m.number))
	if m.blank {
		centre(regular, 12, h/2, blankText)
	}
	if m.exemptPar > 0 {
		b.WriteString("0.7 0 0 rg\n")
		centre(bold, 11, h-24, exemptText)
		centre(regular, 9, h-36, exemptLine(m.exemptPar))
	}
	b.WriteString("EMC\nQ\n")
	stamp, err := s.stream(b.Bytes())
	if err != nil {
		return err
	}

	contents := types.Array{s.save}
	if o, ok := d["Contents"]; ok {
		switch v := o.(type) {
		case types.Array:
			contents = append(contents, v...)
		case types.IndirectRef:
			obj, err := s.ctx.Dereference(v)
			if err != nil {
				return err
			}
			if a, ok := obj.(types.Array); ok {
				contents = append(contents, a...)
			} else {
				contents = append(contents, v)
			}
		default:
			return errors.New("page contents are neither a stream nor an array")
		}
	}
	d["Contents"] = append(contents, stamp)
	return nil
}

// visibleBox is the crop box, or the media box when there is none.
func (s *stamper) visibleBox(in inherited) ([4]float64, error) {
	o := in.cropBox
	if o == nil {
		o = in.mediaBox
	}
	if o == nil {
		return [4]float64{0, 0, 612, 792}, nil // the default in the PDF specification
	}
	a, err := s.ctx.DereferenceArray(o)
	if err != nil {
		return [4]float64{}, err
	}
	if len(a) != 4 {
		return [4]float64{}, errors.New("a page box does not have four numbers")
	}
	var r [4]float64
	for i := range a {
		if r[i], err = s.ctx.DereferenceNumber(a[i]); err != nil {
			return r, err
		}
	}
	if r[0] > r[2] {
		r[0], r[2] = r[2], r[0]
	}
	if r[1] > r[3] {
		r[1], r[3] = r[3], r[1]
	}
	return r, nil
}

func (s *stamper) rotation(o types.Object) (int, error) {
	if o == nil {
		return 0, nil
	}
	v, err := s.ctx.DereferenceNumber(o)
	if err != nil {
		return 0, err
	}
	r := int(math.Round(v/90)) * 90 % 360
	if r < 0 {
		r += 360
	}
	return r, nil
}

// resources returns a copy of the page's resources with the stamp fonts
// added; the copy keeps shared resource dictionaries unchanged.
func (s *stamper) resources(o types.Object) (types.Dict, error) {
	res := types.Dict{}
	if o != nil {
		d, err := s.ctx.DereferenceDict(o)
		if err != nil {
			return nil, err
		}
		for k, v := range d {
			res[k] = v
		}
	}
	fonts := types.Dict{}
	if f, ok := res["Font"]; ok {
		d, err := s.ctx.DereferenceDict(f)
		if err != nil {
			return nil, err
		}
		for k, v := range d {
			fonts[k] = v
		}
	}
	fonts[stampRegular] = s.fonts[0]
	fonts[stampBold] = s.fonts[1]
	res["Font"] = fonts
	return res, nil
}

package pack

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"math"
	"slices"
	"strconv"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// writePDF writes ctx to w so that the same document always gives the same
// bytes. pdfcpu's own writer (api.WriteContext) cannot: it writes objects in
// the order it meets them walking the document, and it walks dictionaries in
// Go's random map order; it also stamps the info dictionary with the time and
// makes the file /ID from the clock. A pack is a document of record, so here
// objects are numbered in the order of a breadth-first walk from the trailer's
// Root and Info, taking dictionary keys in sorted order and array elements in
// order, written in that order with a cross-reference stream, and the
// /ID is a hash of the bytes written. Objects the walk does not reach, such
// as the catalogs of merged papers, are left out, as pdfcpu leaves them out.
func writePDF(ctx *model.Context, w io.Writer) error {
	if ctx.Root == nil {
		return errors.New("writing PDF: no document catalog")
	}
	// pdfcpu keeps name trees (such as the named destinations bookmarks
	// point to) in a cache that its writer writes back; so must this one.
	if !ctx.ApplyReducedFeatureSet() {
		if err := ctx.BindNameTrees(); err != nil {
			return fmt.Errorf("writing PDF: name trees: %w", err)
		}
	}
	if ctx.RootVersion != nil {
		// The header carries the version, as with pdfcpu's writer.
		if root, err := ctx.Catalog(); err == nil {
			root.Delete("Version")
		}
	}
	r := renumberer{ctx: ctx, nums: map[int]int{}}
	root, err := r.ref(*ctx.Root)
	if err != nil {
		return err
	}
	if root == 0 {
		return errors.New("writing PDF: the document catalog is missing")
	}
	info := 0
	if ctx.Info != nil {
		if info, err = r.ref(*ctx.Info); err != nil {
			return err
		}
	}
	for i := 0; i < len(r.objs); i++ { // r.objs grows as the walk finds objects
		if err := r.walk(r.objs[i]); err != nil {
			return err
		}
	}

	pw := &pdfWriter{w: bufio.NewWriterSize(w, 64<<10), h: md5.New()}
	version := "1.7"
	if (ctx.RootVersion != nil || ctx.HeaderVersion != nil) && ctx.XRefTable.PDF20() {
		version = "2.0"
	}
	pw.write([]byte("%PDF-" + version + "\n%\xe2\xe3\xcf\xd3\n"))

	// Streams are written as they come; other objects go, in order, into
	// compressed object streams, as pdfcpu's writer does, which keeps a
	// pack of a few hundred pages a third smaller.
	n := len(r.objs)
	entries := make([]xrefEntry, n, n+n/objStmSize+2)
	var (
		buf   []byte
		zw    = zlib.NewWriter(io.Discard)
		zbuf  bytes.Buffer
		heads []byte // object numbers and offsets of the object stream
		body  []byte // its objects
		count int
		inStm []int // objects in the object stream
	)
	flush := func() {
		if count == 0 {
			return
		}
		nr := len(entries) + 1
		zbuf.Reset()
		zw.Reset(&zbuf)
		_, _ = zw.Write(heads)
		_, _ = zw.Write(body)
		_ = zw.Close()
		entries = append(entries, xrefEntry{offset: pw.n})
		buf = fmt.Appendf(buf[:0], "%d 0 obj\n<</Filter /FlateDecode/First %d/Length %d/N %d/Type /ObjStm>>\nstream\n",
			nr, len(heads), zbuf.Len(), count)
		pw.write(buf)
		pw.write(zbuf.Bytes())
		pw.write([]byte("\nendstream\nendobj\n"))
		for _, i := range inStm {
			entries[i].inStm = nr
		}
		heads, body, count, inStm = heads[:0], body[:0], 0, inStm[:0]
	}
	for i, o := range r.objs {
		sd, ok := o.(types.StreamDict)
		if !ok {
			heads = fmt.Appendf(heads, "%d %d ", i+1, len(body))
			if body, err = r.appendObject(body, o); err != nil {
				return err
			}
			body = append(body, '\n')
			entries[i] = xrefEntry{index: count}
			inStm = append(inStm, i)
			if count++; count == objStmSize {
				flush()
			}
			continue
		}
		entries[i] = xrefEntry{offset: pw.n}
		d := types.Dict{}
		for k, v := range sd.Dict {
			d[k] = v
		}
		d["Length"] = types.Integer(len(sd.Raw))
		buf = fmt.Appendf(buf[:0], "%d 0 obj\n", i+1)
		if buf, err = r.appendObject(buf, d); err != nil {
			return err
		}
		buf = append(buf, "\nstream\n"...)
		pw.write(buf)
		pw.write(sd.Raw)
		pw.write([]byte("\nendstream\nendobj\n"))
	}
	flush()

	// The identifier is the same for the same content, and unlikely to be
	// the same for different content, which is all 14.4 asks of it.
	id := types.HexLiteral(hex.EncodeToString(pw.h.Sum(nil)))
	xrefNr := len(entries) + 1
	entries = append(entries, xrefEntry{offset: pw.n})
	var rows []byte
	rows = append(rows, 0, 0, 0, 0, 0, 0xff, 0xff) // object 0, the head of the free list
	for _, e := range entries {
		if e.inStm > 0 {
			rows = append(rows, 2, byte(e.inStm>>24), byte(e.inStm>>16), byte(e.inStm>>8), byte(e.inStm), byte(e.index>>8), byte(e.index))
		} else {
			rows = append(rows, 1, byte(e.offset>>24), byte(e.offset>>16), byte(e.offset>>8), byte(e.offset), 0, 0)
		}
	}
	zbuf.Reset()
	zw.Reset(&zbuf)
	_, _ = zw.Write(rows)
	_ = zw.Close()
	buf = fmt.Appendf(buf[:0], "%d 0 obj\n<</Filter /FlateDecode/ID [%s %s]", xrefNr, id.PDFString(), id.PDFString())
	if info > 0 {
		buf = fmt.Appendf(buf, "/Info %d 0 R", info)
	}
	buf = fmt.Appendf(buf, "/Length %d/Root %d 0 R/Size %d/Type /XRef/W [1 4 2]>>\nstream\n", zbuf.Len(), root, xrefNr+1)
	xref := pw.n
	pw.write(buf)
	pw.write(zbuf.Bytes())
	pw.write(fmt.Appendf(buf[:0], "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", xref))
	if pw.err != nil {
		return pw.err
	}
	if xref > math.MaxUint32 {
		return errors.New("writing PDF: the file is over 4 GB")
	}
	return pw.w.Flush()
}

// objStmSize is how many objects go in one object stream, as with pdfcpu.
const objStmSize = 100

// xrefEntry is where an object is: at offset in the file, or the index-th
// object of object stream inStm.
type xrefEntry struct {
	offset       int64
	inStm, index int
}

// pdfWriter counts and hashes what it writes and keeps the first error.
type pdfWriter struct {
	w   *bufio.Writer
	h   hash.Hash
	n   int64
	err error
}

func (p *pdfWriter) write(b []byte) {
	if p.err != nil {
		return
	}
	var n int
	n, p.err = p.w.Write(b)
	p.h.Write(b[:n])
	p.n += int64(n)
}

// renumberer gives objects new numbers, 1 up, in the order they are found.
type renumberer struct {
	ctx  *model.Context
	nums map[int]int    // old object number -> new; 0 for a reference to nothing
	objs []types.Object // objs[n-1] is new object n
}

// ref returns the new number of the object ir refers to, numbering it if it
// is new; 0 when ir refers to no object, which PDF reads as null.
func (r *renumberer) ref(ir types.IndirectRef) (int, error) {
	old := ir.ObjectNumber.Value()
	if n, ok := r.nums[old]; ok {
		return n, nil
	}
	o, err := r.ctx.Dereference(ir) // decodes objects still in an object stream
	if err != nil {
		return 0, fmt.Errorf("writing PDF: object %d: %w", old, err)
	}
	if o == nil {
		r.nums[old] = 0
		return 0, nil
	}
	r.objs = append(r.objs, o)
	n := len(r.objs)
	r.nums[old] = n
	return n, nil
}

// walk numbers the objects o refers to, in a fixed order.
func (r *renumberer) walk(o types.Object) error {
	switch v := o.(type) {
	case types.IndirectRef:
		_, err := r.ref(v)
		return err
	case types.Dict:
		return r.walkDict(v, false)
	case types.StreamDict:
		return r.walkDict(v.Dict, true) // the length is written direct
	case types.Array:
		for _, e := range v {
			if err := r.walk(e); err != nil {
				return err
			}
		}
	}
	return nil
}

func (r *renumberer) walkDict(d types.Dict, stream bool) error {
	for _, k := range sortedKeys(d) {
		if stream && k == "Length" {
			continue
		}
		if err := r.walk(d[k]); err != nil {
			return err
		}
	}
	return nil
}

func sortedKeys(d types.Dict) []string {
	keys := make([]string, 0, len(d))
	for k := range d {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// appendObject appends o in PDF syntax with its references renumbered.
func (r *renumberer) appendObject(b []byte, o types.Object) ([]byte, error) {
	switch v := o.(type) {
	case nil:
		return append(b, "null"...), nil
	case types.IndirectRef:
		n := r.nums[v.ObjectNumber.Value()]
		if n == 0 {
			return append(b, "null"...), nil
		}
		b = strconv.AppendInt(b, int64(n), 10)
		return append(b, " 0 R"...), nil
	case types.Dict:
		b = append(b, "<<"...)
		for _, k := range sortedKeys(v) {
			b = append(b, '/')
			b = append(b, types.EncodeName(k)...)
			b = append(b, ' ')
			var err error
			if b, err = r.appendObject(b, v[k]); err != nil {
				return nil, err
			}
		}
		return append(b, ">>"...), nil
	case types.Array:
		b = append(b, '[')
		for i, e := range v {
			if i > 0 {
				b = append(b, ' ')
			}
			var err error
			if b, err = r.appendObject(b, e); err != nil {
				return nil, err
			}
		}
		return append(b, ']'), nil
	case types.Integer:
		return strconv.AppendInt(b, int64(v), 10), nil
	case types.Float:
		return strconv.AppendFloat(b, v.Value(), 'f', 12, 64), nil
	case types.Boolean:
		return strconv.AppendBool(b, v.Value()), nil
	case types.Name, types.StringLiteral, types.HexLiteral:
		return append(b, v.PDFString()...), nil
	}
	return nil, fmt.Errorf("writing PDF: cannot write a %T", o)
}

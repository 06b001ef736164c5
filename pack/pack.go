// Package pack builds a committee's agenda pack: one PDF with the front sheet
// (meeting details, membership, the numbered agenda with page ranges, the
// motion to exclude the press and public, the signatory) followed by every
// paper in agenda order. Every page carries "Page N", blank pages make every
// paper start on a right-hand page, and the pack has bookmarks, a title and a
// language for screen readers.
package pack

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

func init() {
	// pdfcpu would otherwise create a configuration directory, with fonts,
	// under the user's home on first use; this package needs neither.
	api.DisableConfigDir()
}

// Kind is which pack to build.
type Kind int

const (
	// Public leaves Part 2 papers out; their items are listed without pages.
	Public Kind = iota
	// Members includes Part 2 papers, each page stamped as exempt.
	Members
	// Supplementary lists only the meeting's Items (the caller passes those
	// whose papers came after the agenda) and includes their Part 1 papers;
	// Part 2 items are listed without pages, as in Public.
	Supplementary
	// MembersSupplementary is the supplement for those entitled to exempt
	// papers: it includes the late Part 2 papers, stamped as in Members.
	MembersSupplementary
)

// IsSupplement is true for the supplementary packs.
func (k Kind) IsSupplement() bool { return k == Supplementary || k == MembersSupplementary }

// HasExempt is true for the packs that carry Part 2 papers.
func (k Kind) HasExempt() bool { return k == Members || k == MembersSupplementary }

func (k Kind) String() string {
	switch k {
	case Public:
		return "public"
	case Members:
		return "members"
	case Supplementary:
		return "supplementary"
	case MembersSupplementary:
		return "members-supplementary"
	}
	return "kind " + strconv.Itoa(int(k))
}

// Paper is a PDF file on disk.
type Paper struct {
	Title string
	Path  string
}

// Item is one numbered item of the agenda.
type Item struct {
	Number          string // as printed: "7", or a section code "B1"; empty prints its position
	Title           string
	Part            int  // 1 or 2
	ExemptParagraph int  // 1-7 when Part == 2
	ToFollow        bool // prints "Report to follow." while the item has no papers
	Papers          []Paper
}

// Group is a party group, or an organisation in a partnership. Name may be
// empty for a single list.
type Group struct {
	Name    string
	Members []string
}

// Signatory signs the agenda, e.g. the council's proper officer.
type Signatory struct {
	Name, JobTitle, Telephone string
}

// Meeting is everything the front sheet prints.
type Meeting struct {
	Council, Committee       string
	StartsAt                 time.Time // local time of the meeting
	Venue                    string
	AskFor, Telephone, Email string
	MembershipTotal          int // "Membership (16)"; 0 counts the members listed
	Membership               []Group
	ExclusionParagraphs      []int // paragraphs of Schedule 12A the motion cites besides those of Part 2 items, if there are any
	PublishedOn              time.Time
	Signatory                Signatory
	Items                    []Item
}

// Progress reports how far a build has gone.
type Progress struct {
	Stage       string
	Done, Total int
}

// Progress stages, in order.
const (
	StageChecking = "Checking papers"
	StageLayout   = "Laying out the front sheet"
	StageMerging  = "Merging papers"
	StageStamping = "Numbering pages"
	StageWriting  = "Writing the pack"
)

// Options choose the kind of pack and where progress goes.
type Options struct {
	Kind     Kind
	Progress func(Progress)
}

// PageRange is where an item's papers are in the pack; zero when the item has
// no paper in it.
type PageRange struct{ From, To int }

// Result describes a built pack.
type Result struct {
	Pages  int
	Ranges []PageRange // Ranges[i] is Items[i]'s range
}

// included reports whether an item's papers go into a pack of kind k.
func included(k Kind, it Item) bool {
	return k.HasExempt() || it.Part != 2
}

// paperSlot is one paper to merge.
type paperSlot struct {
	item, index int
	paper       Paper
	ctx         *model.Context
	pages       int
}

// layout is where everything goes for a front sheet of a given length.
type layout struct {
	front   int
	ranges  []PageRange
	starts  []int // first page of each slot
	blank   map[int]bool
	exempt  map[int]int // page -> paragraph
	total   int
	padding int // empty pages at the end of the front sheet
}

// plan places the papers after a front sheet of front pages, putting a blank
// page wherever one is needed for a paper to start on an odd page.
func plan(m Meeting, k Kind, slots []paperSlot, front int) layout {
	l := layout{front: front, ranges: make([]PageRange, len(m.Items)), blank: map[int]bool{}, exempt: map[int]int{}}
	p := front
	for _, s := range slots {
		if p%2 == 1 {
			p++
			l.blank[p] = true
		}
		start := p + 1
		p += s.pages
		l.starts = append(l.starts, start)
		r := &l.ranges[s.item]
		if r.From == 0 {
			r.From = start
		}
		r.To = p
		if it := m.Items[s.item]; it.Part == 2 {
			for q := start; q <= p; q++ {
				l.exempt[q] = it.ExemptParagraph
			}
		}
	}
	l.total = p
	return l
}

// Build writes the agenda pack of kind opts.Kind for m to w. A paper that
// cannot be used stops the build with an error naming its item and title.
func Build(ctx context.Context, m Meeting, opts Options, w io.Writer) (Result, error) {
	report := func(stage string, done, total int) {
		if opts.Progress != nil {
			opts.Progress(Progress{Stage: stage, Done: done, Total: total})
		}
	}
	if w == nil {
		return Result{}, errors.New("pack: no writer")
	}
	if opts.Kind < Public || opts.Kind > MembersSupplementary {
		return Result{}, fmt.Errorf("pack: unknown kind %d", opts.Kind)
	}
	for i, it := range m.Items {
		if it.Part == 2 && !validParagraph(it.ExemptParagraph) {
			return Result{}, fmt.Errorf("item %s, %q: a Part 2 item needs the paragraph of Schedule 12A (1 to 7) that makes it exempt",
				itemNumber(m, i), it.Title)
		}
	}

	var slots []paperSlot
	for i, it := range m.Items {
		if !included(opts.Kind, it) {
			continue
		}
		for j, p := range it.Papers {
			slots = append(slots, paperSlot{item: i, index: j, paper: p})
		}
	}
	if err := readPapers(ctx, m, slots, func(done int) { report(StageChecking, done, len(slots)) }); err != nil {
		return Result{}, err
	}

	report(StageLayout, 0, 1)
	l, sheet := layOut(m, opts.Kind, slots)
	report(StageLayout, 1, 1)

	dest, err := frontContext(m, opts.Kind, sheet)
	if err != nil {
		return Result{}, fmt.Errorf("front sheet: %w", err)
	}
	report(StageMerging, 0, len(slots))
	for i, s := range slots {
		if err := ctx.Err(); err != nil {
			return Result{}, err
		}
		if err := merge(dest, s, l.starts[i]); err != nil {
			return Result{}, fmt.Errorf("item %s, %q: %w", itemNumber(m, s.item), s.paper.Title, err)
		}
		slots[i].ctx = nil // merged; its objects now belong to dest
		report(StageMerging, i+1, len(slots))
	}
	if dest.PageCount != l.total {
		return Result{}, fmt.Errorf("pack has %d pages, expected %d", dest.PageCount, l.total)
	}

	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	report(StageStamping, 0, 1)
	err = stampPages(dest, func(p int) marks {
		return marks{number: p, blank: l.blank[p] || p > l.front-l.padding && p <= l.front, exemptPar: l.exempt[p]}
	})
	if err != nil {
		return Result{}, fmt.Errorf("numbering pages: %w", err)
	}
	if err := addOutline(dest, m, l); err != nil {
		return Result{}, fmt.Errorf("bookmarks: %w", err)
	}
	report(StageStamping, 1, 1)

	report(StageWriting, 0, 1)
	if err := writePDF(dest, w); err != nil {
		return Result{}, fmt.Errorf("writing the pack: %w", err)
	}
	report(StageWriting, 1, 1)
	return Result{Pages: l.total, Ranges: l.ranges}, nil
}

// readPapers reads and checks the papers in parallel, since parsing is most
// of the work, and returns the first problem in agenda order.
func readPapers(ctx context.Context, m Meeting, slots []paperSlot, progress func(done int)) error {
	progress(0)
	if len(slots) == 0 {
		return nil
	}
	errs := make([]error, len(slots))
	next := make(chan int)
	finished := make(chan struct{})
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(slots)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := ctx.Err(); err != nil {
					errs[i] = err
				} else {
					slots[i].ctx, errs[i] = openPaper(slots[i].paper.Path)
					if errs[i] == nil {
						slots[i].pages = slots[i].ctx.PageCount
					}
				}
				finished <- struct{}{}
			}
		}()
	}
	go func() {
		for i := range slots {
			next <- i
		}
		close(next)
	}()
	for done := 1; done <= len(slots); done++ {
		<-finished
		progress(done)
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	for i, err := range errs {
		if err == nil {
			continue
		}
		s := slots[i]
		msg := err.Error()
		var pe *PaperError
		if errors.As(err, &pe) {
			msg = pe.inline()
		}
		return &BuildError{Item: itemNumber(m, s.item), Paper: s.paper.Title, msg: msg, err: err}
	}
	return nil
}

// BuildError is a paper that stopped a build.
type BuildError struct {
	Item  string // the item's number as printed
	Paper string // the paper's title
	msg   string
	err   error
}

func (e *BuildError) Error() string {
	return fmt.Sprintf("item %s, %q: %s", e.Item, e.Paper, e.msg)
}

func (e *BuildError) Unwrap() error { return e.err }

// itemNumber is the item's number as printed on the front sheet.
func itemNumber(m Meeting, i int) string {
	if n := m.Items[i].Number; n != "" {
		return n
	}
	return strconv.Itoa(i + 1)
}

// layOut finds the front sheet's length: the ranges it prints depend on its
// length, and its length on the ranges, so lay it out until they agree.
func layOut(m Meeting, k Kind, slots []paperSlot) (layout, *canvas) {
	front := 1
	for range 8 {
		l := plan(m, k, slots, front)
		sheet := frontSheet(m, k, l.ranges)
		n := len(sheet.pages)
		if n == front {
			return l, sheet
		}
		front = n
	}
	// Not settled (a longer sheet shortened its ranges and so itself): lay
	// out for the longer length and leave the spare pages blank.
	front++
	for {
		l := plan(m, k, slots, front)
		sheet := frontSheet(m, k, l.ranges)
		if n := len(sheet.pages); n <= front {
			l.padding = front - n
			for range l.padding {
				sheet.newPage()
			}
			return l, sheet
		}
		front++
	}
}

// frontContext renders the front sheet into the context the papers are
// merged into. pdfcpu merges only into a context it has read, so the sheet
// is written and read back; it is a few kilobytes.
func frontContext(m Meeting, k Kind, sheet *canvas) (*model.Context, error) {
	ctx, err := sheet.context()
	if err != nil {
		return nil, err
	}
	if err := setDocInfo(ctx, docTitle(m, k)); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := writePDF(ctx, &buf); err != nil {
		return nil, err
	}
	dest, err := api.ReadContext(bytes.NewReader(buf.Bytes()), newConf())
	if err != nil {
		return nil, err
	}
	if err := dest.EnsurePageCount(); err != nil {
		return nil, err
	}
	return dest, nil
}

func docTitle(m Meeting, k Kind) string {
	what := "Agenda"
	if k.IsSupplement() {
		what = "Supplementary agenda"
	}
	return fmt.Sprintf("%s: %s, %s", what, m.Committee, longDate(m.StartsAt))
}

// merge appends a paper, after a blank page when it would otherwise start on
// an even page.
func merge(dest *model.Context, s paperSlot, start int) error {
	blank := start == dest.PageCount+2
	if !blank && start != dest.PageCount+1 {
		return fmt.Errorf("paper planned for page %d follows page %d", start, dest.PageCount)
	}
	if v := s.ctx.HeaderVersion; v != nil && dest.HeaderVersion != nil && *v > *dest.HeaderVersion {
		dest.HeaderVersion = v
	}
	if err := pdfcpu.MergeXRefTables(s.paper.Title, s.ctx, dest, false, blank); err != nil {
		return fmt.Errorf("merging: %w", err)
	}
	return nil
}

// addOutline adds a bookmark for the front sheet and one for each item with
// papers in the pack.
func addOutline(ctx *model.Context, m Meeting, l layout) error {
	bms := []pdfcpu.Bookmark{{Title: "Agenda", PageFrom: 1}}
	for i, it := range m.Items {
		if r := l.ranges[i]; r.From > 0 {
			bms = append(bms, pdfcpu.Bookmark{Title: itemNumber(m, i) + " " + it.Title, PageFrom: r.From})
		}
	}
	return setOutline(ctx, bms)
}

// setOutline replaces the bookmarks of ctx with bms and has readers open
// with the bookmarks showing, since they are how a reader finds their way.
func setOutline(ctx *model.Context, bms []pdfcpu.Bookmark) error {
	if err := pdfcpu.AddBookmarks(ctx, bms, true); err != nil {
		return err
	}
	root, err := ctx.Catalog()
	if err != nil {
		return err
	}
	root.Update("PageMode", types.Name("UseOutlines"))
	return nil
}

package pack

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"minutebook/dates"
)

// Type sizes of the front sheet, in points.
const (
	sizeCouncil   = 11.0
	sizeAgenda    = 20.0
	sizeCommittee = 14.0
	sizeBody      = 10.5
	sizeHeading   = 12.0
	sizeNote      = 10.0
)

// longDate is "Wednesday, 15 January 2025".
func longDate(t time.Time) string { return t.Format("Monday, 2 January 2006") }

// pagesLabel is "(Pages 23 - 40)", or "(Page 5)" for a single page.
func pagesLabel(r PageRange) string {
	if r.From == r.To {
		return fmt.Sprintf("(Page %d)", r.From)
	}
	return fmt.Sprintf("(Pages %d - %d)", r.From, r.To)
}

// frontSheet lays out the front sheet for the given page ranges.
func frontSheet(m Meeting, k Kind, ranges []PageRange) *canvas {
	c := &canvas{}
	f := newFlow(c)
	right := f.right()

	// Masthead: council, AGENDA, committee.
	if m.Council != "" {
		f.c.textRight(bold, sizeCouncil, right, baseline(f.y, sizeCouncil), strings.ToUpper(m.Council))
		f.gap(leading(sizeCouncil) + 10)
	}
	title := "AGENDA"
	if k.IsSupplement() {
		title = "SUPPLEMENTARY AGENDA"
	}
	f.lines(bold, sizeAgenda, marginLeft, []string{title})
	f.gap(4)
	f.lines(bold, sizeCommittee, marginLeft, wrap(bold, sizeCommittee, f.width(), strings.ToUpper(m.Committee)))
	f.gap(8)
	f.c.rule(marginLeft, right, f.y, 0.8)
	f.gap(10)

	meetingBlock(f, m)
	f.onNewPage = func() {
		f.c.text(italic, sizeNote, marginLeft, baseline(f.y, sizeNote),
			fmt.Sprintf("%s, %s (continued)", m.Committee, longDate(m.StartsAt)))
		f.y -= leading(sizeNote) + 2
		f.c.rule(marginLeft, right, f.y, 0.5)
		f.y -= 14
	}

	if k.IsSupplement() {
		f.gap(4)
		f.lines(regular, sizeBody, marginLeft, wrap(regular, sizeBody, f.width(),
			"The following papers, which were not available when the agenda was published, are attached."))
	} else {
		membershipBlock(f, m)
	}
	f.gap(6)
	f.c.rule(marginLeft, right, f.y, 0.8)
	f.gap(12)

	var part1, part2 []int
	for i, it := range m.Items {
		if it.Part == 2 {
			part2 = append(part2, i)
		} else {
			part1 = append(part1, i)
		}
	}
	if len(part1) > 0 {
		heading(f, "UNRESTRICTED ITEMS", "(During these items the meeting is likely to be open to the public)", m, part1, ranges)
		for _, i := range part1 {
			itemRow(f, m, i, ranges[i])
		}
	}
	if ps := exclusionParagraphs(m); len(ps) > 0 {
		motionBlock(f, ps)
	}
	if len(part2) > 0 {
		heading(f, "EXEMPT ITEMS", "(During these items the meeting is likely NOT to be open to the press and public)", m, part2, ranges)
		for _, i := range part2 {
			itemRow(f, m, i, ranges[i])
		}
	}
	signatureBlock(f, m)
	return c
}

// meetingBlock prints the date, time and venue on the left and the clerk to
// ask for on the right.
func meetingBlock(f *flow, m Meeting) {
	right := f.right()
	const (
		contactW = 215.0
		labelW   = 58.0
	)
	leftW := f.width() - contactW - 16
	left := wrap(regular, sizeBody, leftW, longDate(m.StartsAt)+", at "+dates.ClockTime(m.StartsAt))
	left = append(left, wrap(regular, sizeBody, leftW, m.Venue)...)

	type contact struct{ label, value string }
	var contacts []contact
	for _, c := range []contact{{"Ask for:", m.AskFor}, {"Telephone:", m.Telephone}, {"Email:", m.Email}} {
		if c.value != "" {
			contacts = append(contacts, c)
		}
	}
	x := right - contactW
	var rows [][2]string // label, value line
	for _, c := range contacts {
		face := bold
		if c.label == "Email:" {
			face = regular
		}
		for j, l := range wrap(face, sizeBody, contactW-labelW, c.value) {
			label := ""
			if j == 0 {
				label = c.label
			}
			rows = append(rows, [2]string{label, l})
		}
	}
	n := max(len(left), len(rows))
	f.need(float64(n) * leading(sizeBody))
	y := f.y
	for i := 0; i < n; i++ {
		bl := baseline(y, sizeBody)
		if i < len(left) {
			f.c.text(regular, sizeBody, marginLeft, bl, left[i])
		}
		if i < len(rows) {
			f.c.text(regular, sizeBody, x, bl, rows[i][0])
			face := bold
			if strings.Contains(rows[i][1], "@") {
				face = regular
			}
			f.c.text(face, sizeBody, x+labelW, bl, rows[i][1])
		}
		y -= leading(sizeBody)
	}
	f.y = y
}

// membershipBlock prints "Membership (16)" and one line per group.
func membershipBlock(f *flow, m Meeting) {
	total := m.MembershipTotal
	if total == 0 {
		for _, g := range m.Membership {
			total += len(g.Members)
		}
	}
	if total == 0 && len(m.Membership) == 0 {
		return
	}
	f.gap(10)
	f.need(leading(sizeBody) * 3)
	f.lines(bold, sizeBody, marginLeft, []string{"Membership (" + strconv.Itoa(total) + ")"})
	f.gap(4)

	nameW := 0.0
	for _, g := range m.Membership {
		nameW = max(nameW, width(regular, sizeBody, g.Name))
	}
	nameW = min(nameW+14, 150)
	for _, g := range m.Membership {
		x, w := marginLeft+nameW, f.width()-nameW
		if g.Name == "" {
			x, w = marginLeft, f.width()
		}
		names := wrapTokens(regular, sizeBody, w, memberTokens(g.Members))
		var names0 []string
		if g.Name != "" {
			names0 = wrap(regular, sizeBody, nameW-10, g.Name)
		}
		n := max(len(names), len(names0))
		f.need(float64(min(n, 3)) * leading(sizeBody))
		for i := 0; i < n; i++ {
			f.need(leading(sizeBody))
			bl := baseline(f.y, sizeBody)
			if i < len(names0) {
				f.c.text(regular, sizeBody, marginLeft, bl, names0[i])
			}
			if i < len(names) {
				f.c.text(regular, sizeBody, x, bl, names[i])
			}
			f.y -= leading(sizeBody)
		}
		f.gap(3)
	}
}

// memberTokens lists members as "A, B and C" in pieces that wrap between
// names rather than inside them.
func memberTokens(names []string) []string {
	toks := make([]string, len(names))
	for i, n := range names {
		switch {
		case i == len(names)-1 && i > 0:
			toks[i] = "and " + n
		case i < len(names)-2:
			toks[i] = n + ","
		default:
			toks[i] = n
		}
	}
	return toks
}

// heading prints a part's heading and its note, kept with the first item.
func heading(f *flow, title, note string, m Meeting, items []int, ranges []PageRange) {
	h := leading(sizeHeading) + 2 + leading(sizeNote) + 10
	f.need(h + itemHeight(f, m, items[0], ranges[items[0]]))
	f.gap(6)
	centre := marginLeft + f.width()/2
	f.c.textCentre(bold, sizeHeading, centre, baseline(f.y, sizeHeading), title)
	f.y -= leading(sizeHeading) + 2
	for _, l := range wrap(italic, sizeNote, f.width(), note) {
		f.c.textCentre(italic, sizeNote, centre, baseline(f.y, sizeNote), l)
		f.y -= leading(sizeNote)
	}
	f.gap(10)
}

// Columns of the agenda list.
const (
	numberW = 34.0
	rangeW  = 96.0
)

func itemLines(f *flow, m Meeting, i int) []string {
	return wrap(regular, sizeBody, f.width()-numberW-rangeW, m.Items[i].Title)
}

func itemHeight(f *flow, m Meeting, i int, r PageRange) float64 {
	n := len(itemLines(f, m, i))
	if m.Items[i].ToFollow && r.From == 0 {
		n++
	}
	return float64(n)*leading(sizeBody) + 5
}

// itemRow prints one agenda item: its number, its title, its pages on the
// right of the title's last line, or "Report to follow.".
func itemRow(f *flow, m Meeting, i int, r PageRange) {
	it := m.Items[i]
	lines := itemLines(f, m, i)
	f.need(itemHeight(f, m, i, r))
	f.c.text(bold, sizeBody, marginLeft, baseline(f.y, sizeBody), itemNumber(m, i))
	for j, l := range lines {
		bl := baseline(f.y, sizeBody)
		f.c.text(regular, sizeBody, marginLeft+numberW, bl, l)
		if j == len(lines)-1 && r.From > 0 {
			f.c.textRight(regular, sizeBody, f.right(), bl, pagesLabel(r))
		}
		f.y -= leading(sizeBody)
	}
	if it.ToFollow && r.From == 0 {
		f.c.text(italic, sizeBody, marginLeft+numberW, baseline(f.y, sizeBody), "Report to follow.")
		f.y -= leading(sizeBody)
	}
	f.gap(5)
}

// motionBlock prints the motion to exclude the press and public and the
// description of each paragraph it cites.
func motionBlock(f *flow, ps []int) {
	motion := wrap(regular, sizeBody, f.width(), exclusionMotion(ps))
	f.gap(8)
	f.need(leading(sizeHeading) + 6 + float64(len(motion))*leading(sizeBody))
	f.lines(bold, sizeHeading-1, marginLeft, []string{"Motion to exclude the press and public for exempt business"})
	f.gap(6)
	f.lines(regular, sizeBody, marginLeft, motion)
	for _, p := range ps {
		f.gap(6)
		f.lines(italic, sizeBody, marginLeft, wrap(italic, sizeBody, f.width(), paragraphLine(p)))
	}
	f.gap(6)
}

// signatureBlock prints who signs the agenda and when it was published,
// kept together.
func signatureBlock(f *flow, m Meeting) {
	var lines []string
	s := m.Signatory
	if s.Name != "" {
		name := s.Name
		if s.JobTitle != "" {
			name += ","
		}
		lines = append(lines, name)
	}
	for _, l := range []string{s.JobTitle, s.Telephone} {
		if l != "" {
			lines = append(lines, l)
		}
	}
	f.gap(16)
	f.need(float64(len(lines)) * leading(sizeBody))
	y := f.y
	if len(lines) > 0 {
		f.c.text(bold, sizeBody, marginLeft, baseline(f.y, sizeBody), lines[0])
		f.y -= leading(sizeBody)
		f.lines(regular, sizeBody, marginLeft, lines[1:])
	}
	if !m.PublishedOn.IsZero() {
		f.c.textRight(regular, sizeBody, f.right(), baseline(y, sizeBody), longDate(m.PublishedOn))
	}
}

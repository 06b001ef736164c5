package pack

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// ExemptParagraphs holds the descriptions of exempt information in
// paragraphs 1 to 7 of Part 1 of Schedule 12A to the Local Government Act
// 1972 (England), as printed under the motion to exclude the press and
// public. Index 0 is unused so that ExemptParagraphs[3] is paragraph 3.
var ExemptParagraphs = [8]string{
	1: "Information relating to any individual",
	2: "Information which is likely to reveal the identity of an individual",
	3: "Information relating to the financial or business affairs of any particular person (including the authority holding that information)",
	4: "Information relating to any consultations or negotiations, or contemplated consultations or negotiations, in connection with any labour relations matter arising between the authority or a Minister of the Crown and employees of, or office holders under, the authority",
	5: "Information in respect of which a claim to legal professional privilege could be maintained in legal proceedings",
	6: "Information which reveals that the authority proposes (a) to give under any enactment a notice under or by virtue of which requirements are imposed on a person; or (b) to make an order or direction under any enactment",
	7: "Information relating to any action taken or to be taken in connection with the prevention, investigation or prosecution of crime",
}

// validParagraph reports whether n is a paragraph of Part 1 of Schedule 12A.
func validParagraph(n int) bool { return n >= 1 && n <= 7 }

// exclusionParagraphs are the paragraphs the motion cites: those the meeting
// names plus those of its Part 2 items, sorted and without repeats. It is
// empty, so no motion is printed, when no Part 2 item follows: a motion to
// exclude the public for business there is none of would be put to the vote
// for nothing.
func exclusionParagraphs(m Meeting) []int {
	seen := map[int]bool{}
	var ps []int
	add := func(n int) {
		if validParagraph(n) && !seen[n] {
			seen[n] = true
			ps = append(ps, n)
		}
	}
	exempt := false
	for _, it := range m.Items {
		if it.Part == 2 {
			exempt = true
			add(it.ExemptParagraph)
		}
	}
	if !exempt {
		return nil
	}
	for _, n := range m.ExclusionParagraphs {
		add(n)
	}
	sort.Ints(ps)
	return ps
}

// exclusionMotion is the resolution under section 100A(4) of the Act.
func exclusionMotion(ps []int) string {
	words := make([]string, len(ps))
	for i, p := range ps {
		words[i] = strconv.Itoa(p)
	}
	which := "paragraph " + andList(words)
	if len(ps) > 1 {
		which = "paragraphs " + andList(words)
	}
	return fmt.Sprintf("That, under Section 100A of the Local Government Act 1972, the press and public be excluded "+
		"from the meeting for the following business on the grounds that it involves the likely disclosure of "+
		"exempt information as defined in %s of part 1 of Schedule 12A of the Act.", which)
}

// paragraphLine is the description printed under the motion, e.g.
// "Paragraph 3 – Information relating to the financial or business affairs ...".
func paragraphLine(p int) string {
	return fmt.Sprintf("Paragraph %d – %s", p, ExemptParagraphs[p])
}

// andList joins "a", "b", "c" as "a, b and c".
func andList(ss []string) string {
	switch len(ss) {
	case 0:
		return ""
	case 1:
		return ss[0]
	}
	return strings.Join(ss[:len(ss)-1], ", ") + " and " + ss[len(ss)-1]
}

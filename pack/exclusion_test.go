package pack

import (
	"strings"
	"testing"
)

// The motion to exclude the press and public is printed before exempt
// business, and only when there is some: a meeting that names paragraphs of
// Schedule 12A but has no Part 2 item, and a supplement that carries none of
// its Part 2 items, print neither the motion nor the exempt heading.
func TestTheExclusionMotionOnlyComesBeforeExemptItems(t *testing.T) {
	requireTools(t)
	dir := t.TempDir()
	withExempt := sampleMeeting(t, dir, map[string][]int{"5": {2}, "9": {3}})
	withExempt.ExclusionParagraphs = []int{3}
	lastPart1 := len(withExempt.Items) - 1

	openOnly := withExempt
	openOnly.Items = withExempt.Items[:lastPart1]
	openOnly.ExclusionParagraphs = []int{3, 5}

	lateOpen := withExempt
	lateOpen.Items = []Item{withExempt.Items[4]}

	lateBoth := withExempt
	lateBoth.Items = []Item{withExempt.Items[4], withExempt.Items[lastPart1]}

	motion := []string{
		"Motion to exclude the press and public for exempt business",
		"the press and public be excluded from the meeting for the following business",
		"Paragraph 3 – Information relating to the financial or business affairs",
		"EXEMPT ITEMS",
	}
	cases := []struct {
		name   string
		m      Meeting
		kinds  []Kind
		motion bool
	}{
		{"with an exempt item", withExempt, []Kind{Public, Members}, true},
		{"no exempt item, paragraphs named", openOnly, []Kind{Public, Members}, false},
		{"supplement of open papers only", lateOpen, []Kind{Supplementary, MembersSupplementary}, false},
		{"supplement with a late exempt paper", lateBoth, []Kind{MembersSupplementary}, true},
	}
	for _, tc := range cases {
		for _, k := range tc.kinds {
			t.Run(tc.name+"/"+k.String(), func(t *testing.T) {
				path, res := build(t, t.TempDir(), tc.m, k)
				front := ""
				for p := 1; p <= res.Pages; p++ {
					text := pageText(t, path, p)
					if strings.Contains(text, "sheet 1 of") || strings.Contains(text, blankText) {
						break
					}
					front += text
				}
				front = strings.Join(strings.Fields(front), " ")
				if !strings.Contains(front, "UNRESTRICTED ITEMS") {
					t.Fatalf("no front sheet found:\n%s", front)
				}
				for _, s := range motion {
					if got := strings.Contains(front, s); got != tc.motion {
						t.Errorf("front sheet has %q: %v, want %v\n%s", s, got, tc.motion, front)
					}
				}
				if !tc.motion && strings.Contains(front, "Schedule 12A") {
					t.Errorf("front sheet cites Schedule 12A with no exempt business:\n%s", front)
				}
			})
		}
	}
}

func TestExclusionParagraphsNeedAPart2Item(t *testing.T) {
	open := Meeting{ExclusionParagraphs: []int{3, 5}, Items: []Item{{Part: 1}, {Part: 1}}}
	if got := exclusionParagraphs(open); got != nil {
		t.Errorf("no Part 2 item: exclusionParagraphs = %v, want none", got)
	}
	exempt := Meeting{ExclusionParagraphs: []int{5}, Items: []Item{{Part: 1}, {Part: 2, ExemptParagraph: 1}}}
	if got := exclusionParagraphs(exempt); len(got) != 2 || got[0] != 1 || got[1] != 5 {
		t.Errorf("with a Part 2 item: exclusionParagraphs = %v, want [1 5]", got)
	}
}

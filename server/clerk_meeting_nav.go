package server

import (
	"strconv"

	"minutebook/store"
)

// meetingTab is one page of a clerk's work on a meeting.
type meetingTab struct {
	Key, Label, Path string
}

// meetingTabs are the clerk's pages for one meeting, in the order the work
// is done.
var meetingTabs = []meetingTab{
	{"agenda", "Agenda", ""},
	{"papers", "Papers", "/papers"},
	{"publication", "Publication and emails", "/publication"},
	{"attendance", "Attendance", "/attendance"},
	{"minutes", "Minutes", "/minutes"},
	{"change", "Change the meeting", "/change"},
}

// meetingNav is what the header of each clerk's meeting page shows.
type meetingNav struct {
	Meeting store.Meeting
	Title   string
	Links   []link
}

func clerkMeetingNav(m store.Meeting, active string) meetingNav {
	nav := meetingNav{Meeting: m}
	base := "/clerk/meetings/" + strconv.FormatInt(m.ID, 10)
	for _, t := range meetingTabs {
		nav.Links = append(nav.Links, link{Href: base + t.Path, Label: t.Label, Active: t.Key == active})
		if t.Key == active {
			nav.Title = t.Label
		}
	}
	return nav
}

// clerkMeetingPath is the page of a meeting's tab, with an anchor.
func clerkMeetingPath(meetingID int64, tab, anchor string) string {
	p := "/clerk/meetings/" + strconv.FormatInt(meetingID, 10)
	for _, t := range meetingTabs {
		if t.Key == tab {
			p += t.Path
		}
	}
	if anchor != "" {
		p += "#" + anchor
	}
	return p
}

// positionChoices are the places a new item can take on the agenda.
func positionChoices(items []store.AgendaItem) []choice {
	list := []choice{{Value: "", Text: "At the end"}}
	for _, it := range items {
		list = append(list, choice{Value: strconv.FormatInt(it.ID, 10), Text: "Before item " + it.Label() + ", " + it.Title})
	}
	return list
}

// itemPosition is the place chosen on a refused add form.
func itemPosition(f *agendaItemForm) string {
	if f == nil || f.ID != 0 {
		return ""
	}
	return f.Position
}

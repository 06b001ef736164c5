package store

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Body is a committee, board or partnership.
type Body struct {
	ID               int64
	Name             string
	Type             string
	Seats            int
	Quorum           int
	SectionCodes     bool
	ClearDaysReading string
	MinuteNumbering  string
	Venue            string
	ContactName      string
	ContactPhone     string
	ContactEmail     string
	SignatoryName    string
	SignatoryTitle   string
	SignatoryPhone   string
}

// BodyTypes names each kind of body as the public reads it.
var BodyTypes = map[string]string{
	"council":           "Council",
	"cabinet":           "Cabinet",
	"cabinet-committee": "Cabinet Committee",
	"scrutiny":          "Scrutiny",
	"regulatory":        "Regulatory committee",
	"partnership":       "Partnership",
	"sub-committee":     "Sub-committee",
}

// Person is a councillor, partnership member or officer.
type Person struct {
	ID           int64
	Title        string
	Name         string
	Surname      string
	Honours      string
	GroupID      int64
	Group        string
	Organisation string
	JobTitle     string
	Division     string
	Email        string
}

// DisplayName is the name as the papers print it: "Mr J A Kite, MBE".
func (p Person) DisplayName() string {
	name := strings.TrimSpace(p.Title + " " + p.Name)
	if p.Honours != "" {
		name += ", " + p.Honours
	}
	return name
}

// ShortName is how the minutes refer to someone: "Mr Kite".
func (p Person) ShortName() string {
	if p.Title == "" {
		return p.Name
	}
	return p.Title + " " + p.Surname
}

// Member is a person's seat on a body.
type Member struct {
	Person
	MembershipID int64
	Role         string
	StartsOn     string
	EndsOn       string
}

// Roles in the order the papers list them, with the words they use.
var Roles = []struct{ Key, Label string }{
	{"chairman", "Chairman"},
	{"vice-chairman", "Vice-Chairman"},
	{"member", "Member"},
	{"co-opted", "Co-opted member"},
	{"adviser", "Non-voting adviser"},
	{"substitute", "Substitute"},
}

// RoleLabel is the printed name of a membership role.
func RoleLabel(role string) string {
	for _, r := range Roles {
		if r.Key == role {
			return r.Label
		}
	}
	return role
}

// Meeting is one sitting of a body.
type Meeting struct {
	ID                  int64
	BodyID              int64
	Body                string
	StartsAt            time.Time
	Venue               string
	Status              string
	StatusReason        string
	WebcastURL          string
	ExclusionParagraphs []int
	PublishedAt         *time.Time
	PublishedOnTime     *bool
	LateReason          string
	// ReadyForDispatch: publish and send on the morning of the deadline.
	ReadyForDispatch bool
	// Reminded is true once the clerk was reminded the agenda is not ready.
	Reminded bool
}

// MeetingStatuses are the states a meeting passes through, as the public
// reads them.
var MeetingStatuses = map[string]string{
	"scheduled":        "Scheduled",
	"agenda-published": "Agenda published",
	"held":             "Held",
	"cancelled":        "Cancelled",
	"postponed":        "Postponed",
}

// AgendaItem is one item of a meeting's agenda.
type AgendaItem struct {
	ID              int64
	MeetingID       int64
	Position        int
	Number          string
	Code            string
	Title           string
	Part            int
	ExemptParagraph int
	ToFollow        bool
	PageFrom        int
	PageTo          int
	// Supplement is true for an item whose paper went out in a
	// supplementary agenda.
	Supplement bool
}

// Label is how minutes cite the item: its section code where it has one.
func (a AgendaItem) Label() string {
	if a.Code != "" {
		return a.Code
	}
	return a.Number
}

// HasPages is true once the item's pages in the pack are known.
func (a AgendaItem) HasPages() bool { return a.PageFrom > 0 }

// Attendee is a person's attendance at a meeting.
type Attendee struct {
	Person
	Kind          string
	SubstituteFor *Person
	Capacity      string
	Remote        bool
	Role          string
}

// MinuteSet is one version of a meeting's minutes.
type MinuteSet struct {
	ID        int64
	MeetingID int64
	Version   int
	Status    string
	SignedBy  *Person
	SignedAt  *time.Time
	SHA256    string
	Items     []MinuteItem
	// ApprovedOn is the day of the meeting that resolved the minutes were
	// a correct record, and ApprovedBy the minute of it that says so.
	ApprovedOn string
	ApprovedBy *MinuteRef
	// Corrects is when the version this one corrects was signed.
	Corrects *time.Time
}

// Editable is true while the clerk may still change the text.
func (s *MinuteSet) Editable() bool { return s.Status == "draft" || s.Status == "chair-review" }

// MinuteRef names a minute of some meeting.
type MinuteRef struct {
	ID        int64
	Number    int
	Series    string
	MeetingID int64
	MeetingAt time.Time
	Title     string
}

// Label is the minute's number as printed.
func (r MinuteRef) Label() string { return MinuteLabel(r.Number, r.Series) }

// Anchor is the minute's fragment id on its meeting's page.
func (r MinuteRef) Anchor() string { return MinuteAnchor(r.Number, r.Series) }

// MinuteAnchor is a minute's fragment id: minute-231, or minute-77-21.
func MinuteAnchor(number int, series string) string {
	return "minute-" + strings.ReplaceAll(MinuteLabel(number, series), "/", "-")
}

// MinuteLabel prints a minute number: 231 when the committee numbers its
// minutes continuously, 77/21 when it starts again each municipal year.
func MinuteLabel(number int, series string) string {
	if series == "" {
		return strconv.Itoa(number)
	}
	return strconv.Itoa(number) + "/" + series
}

// MinuteSeries is the run of numbers a meeting's minutes take: one for all
// time, or the municipal year (from May, when annual meetings are held)
// written as its first year's last two digits.
func MinuteSeries(numbering string, startsAt time.Time) string {
	if numbering != "municipal-year" {
		return ""
	}
	year := startsAt.Year()
	if startsAt.Month() < time.May {
		year--
	}
	return fmt.Sprintf("%02d", year%100)
}

// MinutesStatuses are the states of the record, as the public reads them.
var MinutesStatuses = map[string]string{
	"draft":        "Draft",
	"chair-review": "With the Chairman for comment",
	"unconfirmed":  "Unconfirmed",
	"approved":     "Approved as a correct record",
	"signed":       "Signed by the Chairman",
}

// MinuteItem is one numbered minute.
type MinuteItem struct {
	ID           int64
	Number       int
	Series       string
	AgendaItemID int64
	AgendaLabel  string
	Title        string
	Paragraphs   []Paragraph
	Actions      []Action
}

// Label is the minute's number as printed.
func (it MinuteItem) Label() string { return MinuteLabel(it.Number, it.Series) }

// Anchor is the minute's fragment id on its meeting's page.
func (it MinuteItem) Anchor() string { return MinuteAnchor(it.Number, it.Series) }

// Paragraph is a paragraph of a minute; numbered paragraphs carry their
// number, counted within the minute.
type Paragraph struct {
	ID       int64
	Kind     string
	Numbered bool
	Number   int
	Markdown string
	Votes    []Vote
}

// VoteOf is how a person's vote on the paragraph was recorded, if it was.
func (p Paragraph) VoteOf(personID int64) Vote {
	for _, v := range p.Votes {
		if v.ID == personID {
			return v
		}
	}
	return Vote{}
}

// VoteGroup is who voted one way on a resolution, as the minutes name them.
type VoteGroup struct {
	Label string // For, Against, Abstained
	Names []string
}

// VoteGroups sorts a resolution's recorded votes into for, against and
// abstained; a member who asked for their vote to be recorded is marked.
func (p Paragraph) VoteGroups() []VoteGroup {
	var groups []VoteGroup
	for _, way := range []string{"for", "against", "abstain"} {
		g := VoteGroup{Label: VoteChoices[way]}
		for _, v := range p.Votes {
			if v.Vote != way {
				continue
			}
			name := v.ShortName()
			if v.DissentRecorded {
				name += " (recorded at their request)"
			}
			g.Names = append(g.Names, name)
		}
		if len(g.Names) > 0 {
			groups = append(groups, g)
		}
	}
	return groups
}

// VoteSummary is the recorded vote as the minutes print it, or "":
// "Recorded vote. For (2): Mr Bond, Mr Kite. Against (1): Mr Hook."
func (p Paragraph) VoteSummary() string {
	groups := p.VoteGroups()
	if len(groups) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("Recorded vote.")
	for _, g := range groups {
		fmt.Fprintf(&b, " %s (%d): %s.", g.Label, len(g.Names), strings.Join(g.Names, ", "))
	}
	return b.String()
}

// IsResolution is true for a RESOLVED paragraph.
func (p Paragraph) IsResolution() bool { return p.Kind == "resolution" }

// Vote is a member's recorded vote on a resolution.
type Vote struct {
	Person
	Vote            string
	DissentRecorded bool
}

// Action is something a minute records that someone agreed to do.
type Action struct {
	ID          int64
	MinuteID    int64
	Description string
	Owner       *Person
	DueOn       string
	Status      string
}

// WorkProgrammeItem is an item a committee expects at a future meeting.
type WorkProgrammeItem struct {
	ID        int64
	BodyID    int64
	MeetingOn string
	Title     string
	Officers  string
	Note      string
}

// Decision is an executive decision record.
type Decision struct {
	ID                         int64
	Reference                  string
	Title                      string
	DecisionMaker              string
	Status                     string
	KeyDecision                bool
	KeyReason                  string
	Divisions                  string
	NoticePublishedOn          string
	DecisionDue                string
	LeadMember                 string
	LeadDirector               string
	Contact                    string
	Consultees                 string
	FinancialImplications      string
	LegalImplications          string
	EqualitiesImplications     string
	DataProtectionImplications string
	ProposedDecision           string
	FurtherInformation         string
	Decision                   string
	PublishedOn                string
	DecidedOn                  string
	SubjectToCallIn            bool
	EffectiveFrom              string
	BodyID                     int64
}

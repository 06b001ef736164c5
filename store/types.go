package store

import (
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

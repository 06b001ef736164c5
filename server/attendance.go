package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"minutebook/store"
)

// attendanceRow is a member and how they attended.
type attendanceRow struct {
	store.Member
	Kind   string
	Remote bool
	// SubstitutedBy is the member's substitute at this meeting, if any.
	SubstitutedBy string
}

// quorum counts who is there in the way the law counts: in England a
// member attending remotely is not present. A substitute in the room counts
// as the member they stand in for.
type quorum struct {
	InPerson, Remote, Needed int
}

func (q quorum) Quorate() bool { return q.InPerson >= q.Needed }

// attendance is a meeting's attendance as the clerk's screen shows it.
type attendance struct {
	// Rows are the members, named substitutes aside.
	Rows []attendanceRow
	// Members are everyone who sits on the committee, named substitutes
	// too: those who may declare an interest.
	Members      []store.Member
	Substitutes  []store.Attendee
	AlsoPresent  []store.Attendee
	InAttendance []store.Attendee
	Quorum       quorum
}

func (s *Server) attendanceData(c echo.Context, v *meetingView) (*attendance, error) {
	ctx := c.Request().Context()
	members, err := s.db.Members(ctx, v.Body.ID, v.Meeting.StartsAt.In(s.loc))
	if err != nil {
		return nil, err
	}
	recorded, err := s.db.Attendance(ctx, v.Meeting.ID)
	if err != nil {
		return nil, err
	}
	a := &attendance{Members: members, Quorum: quorum{Needed: v.Body.Quorum}}
	byPerson := map[int64]store.Attendee{}
	substitutedBy := map[int64]string{}
	for _, r := range recorded {
		byPerson[r.ID] = r
		switch r.Kind {
		case "substitute":
			a.Substitutes = append(a.Substitutes, r)
			if r.SubstituteFor != nil {
				substitutedBy[r.SubstituteFor.ID] = r.DisplayName()
			}
		case "also-present":
			a.AlsoPresent = append(a.AlsoPresent, r)
		case "in-attendance":
			a.InAttendance = append(a.InAttendance, r)
		}
		if r.Kind == "present" || r.Kind == "substitute" {
			if r.Remote {
				a.Quorum.Remote++
			} else {
				a.Quorum.InPerson++
			}
		}
	}
	for _, m := range members {
		if m.Role == "substitute" {
			continue
		}
		r := attendanceRow{Member: m, SubstitutedBy: substitutedBy[m.ID]}
		if rec, ok := byPerson[m.ID]; ok {
			r.Kind, r.Remote = rec.Kind, rec.Remote
		}
		a.Rows = append(a.Rows, r)
	}
	return a, nil
}

// attendanceForm is what was typed into one of the page's forms, kept when
// the page comes back with a problem.
type attendanceForm struct {
	Errors            FieldErrors
	SubstitutePerson  int64
	SubstituteFor     int64
	SubstituteRemote  bool
	AlsoPresentPerson int64
	OfficerPerson     int64
	OfficerName       string
	OfficerJobTitle   string
}

func (s *Server) attendancePage(c echo.Context) error {
	v, err := s.clerkMeeting(c)
	if err != nil {
		return err
	}
	return s.renderAttendanceForm(c, http.StatusOK, v, attendanceForm{})
}

// renderAttendance shows the page again with a problem that is about the
// whole of the members' attendance.
func (s *Server) renderAttendance(c echo.Context, status int, v *meetingView, problem string) error {
	return s.renderAttendanceForm(c, status, v, attendanceForm{Errors: fieldError("attendance", problem)})
}

func (s *Server) renderAttendanceForm(c echo.Context, status int, v *meetingView, form attendanceForm) error {
	ctx := c.Request().Context()
	a, err := s.attendanceData(c, v)
	if err != nil {
		return err
	}
	declarations, err := s.db.Declarations(ctx, v.Meeting.ID)
	if err != nil {
		return err
	}
	candidates, err := s.db.AttendanceCandidates(ctx, v.Meeting.ID, v.Body.ID, v.Meeting.StartsAt.In(s.loc))
	if err != nil {
		return err
	}
	data := struct {
		*meetingView
		Rows         []attendanceRow
		Members      []store.Member
		Substitutes  []store.Attendee
		AlsoPresent  []store.Attendee
		InAttendance []store.Attendee
		Quorum       quorum
		Candidates   store.AttendanceCandidates
		Form         attendanceForm
		Declarations []store.Declaration
		Kinds        map[string]string
	}{v, a.Rows, a.Members, a.Substitutes, a.AlsoPresent, a.InAttendance, a.Quorum, candidates, form,
		declarations, store.DeclarationKinds}
	return s.pages.render(c, status, "clerk-attendance", s.page(c, "/clerk", data, link{Href: "/clerk", Label: "Clerk's workspace"},
		link{Href: "/clerk/meetings/" + strconv.FormatInt(v.Meeting.ID, 10), Label: "Agenda"}))
}

func (s *Server) recordAttendance(c echo.Context) error {
	v, err := s.clerkMeeting(c)
	if err != nil {
		return err
	}
	a, err := s.attendanceData(c, v)
	if err != nil {
		return err
	}
	var list []store.MemberAttendance
	for _, r := range a.Rows {
		field := "person-" + strconv.FormatInt(r.ID, 10)
		switch value := c.FormValue(field); value {
		case "":
			continue
		case "present", "apologies", "absent":
			list = append(list, store.MemberAttendance{PersonID: r.ID, Kind: value})
		case "remote":
			list = append(list, store.MemberAttendance{PersonID: r.ID, Kind: "present", Remote: true})
		default:
			return badRequest("%q is not a way to attend.", value)
		}
	}
	err = s.db.Update(c.Request().Context(), func(tx *store.Tx) error {
		if err := tx.RecordMemberAttendance(v.Meeting.ID, list); err != nil {
			return err
		}
		return audit(c, tx, "attendance recorded", "meeting "+strconv.FormatInt(v.Meeting.ID, 10), strconv.Itoa(len(list))+" members")
	})
	if store.ErrorCode(err) == store.EINVALID {
		return s.renderAttendance(c, http.StatusUnprocessableEntity, v, store.ErrorMessage(err))
	}
	if err != nil {
		return err
	}
	return s.doneThen(c, "/clerk/meetings/"+strconv.FormatInt(v.Meeting.ID, 10)+"/attendance", "Attendance saved")
}

// formID reads an optional id from a select; anything but a positive whole
// number is no choice.
func formID(c echo.Context, name string) int64 {
	id, err := strconv.ParseInt(strings.TrimSpace(c.FormValue(name)), 10, 64)
	if err != nil || id < 1 {
		return 0
	}
	return id
}

// afterAttendanceChange answers a change made by one of the forms below the
// members: back to its section, or the page again with the problem marked
// on the input (prefix + "-" + the store's field name) it is about.
func (s *Server) afterAttendanceChange(c echo.Context, v *meetingView, err error, section, prefix, done string, form attendanceForm) error {
	if code := store.ErrorCode(err); code == store.EINVALID || code == store.ECONFLICT {
		field := prefix + "-person"
		if f := store.ErrorField(err); f != "" {
			field = prefix + "-" + f
		}
		form.Errors.Add(field, store.ErrorMessage(err))
		return s.renderAttendanceForm(c, http.StatusUnprocessableEntity, v, form)
	}
	if err != nil {
		return err
	}
	return s.doneThen(c, "/clerk/meetings/"+strconv.FormatInt(v.Meeting.ID, 10)+"/attendance#"+section, done)
}

func (s *Server) addSubstitute(c echo.Context) error {
	v, err := s.clerkMeeting(c)
	if err != nil {
		return err
	}
	form := attendanceForm{SubstitutePerson: formID(c, "person"), SubstituteFor: formID(c, "for"), SubstituteRemote: c.FormValue("remote") != ""}
	err = s.db.Update(c.Request().Context(), func(tx *store.Tx) error {
		if err := tx.AddSubstitute(v.Meeting.ID, v.Meeting.StartsAt.In(s.loc), form.SubstitutePerson, form.SubstituteFor, form.SubstituteRemote); err != nil {
			return err
		}
		detail := "person " + strconv.FormatInt(form.SubstitutePerson, 10) + " for person " + strconv.FormatInt(form.SubstituteFor, 10)
		if form.SubstituteRemote {
			detail += ", remotely"
		}
		return audit(c, tx, "substitute recorded", "meeting "+strconv.FormatInt(v.Meeting.ID, 10), detail)
	})
	return s.afterAttendanceChange(c, v, err, "substitutes", "substitute", "Substitute recorded", form)
}

func (s *Server) addAlsoPresent(c echo.Context) error {
	v, err := s.clerkMeeting(c)
	if err != nil {
		return err
	}
	form := attendanceForm{AlsoPresentPerson: formID(c, "person")}
	err = s.db.Update(c.Request().Context(), func(tx *store.Tx) error {
		if err := tx.AddAlsoPresent(v.Meeting.ID, v.Meeting.StartsAt.In(s.loc), form.AlsoPresentPerson); err != nil {
			return err
		}
		return audit(c, tx, "also present recorded", "meeting "+strconv.FormatInt(v.Meeting.ID, 10), "person "+strconv.FormatInt(form.AlsoPresentPerson, 10))
	})
	return s.afterAttendanceChange(c, v, err, "also-present", "also-present", "Recorded as also present", form)
}

func (s *Server) addInAttendance(c echo.Context) error {
	v, err := s.clerkMeeting(c)
	if err != nil {
		return err
	}
	form := attendanceForm{OfficerPerson: formID(c, "person"), OfficerName: strings.TrimSpace(c.FormValue("name")),
		OfficerJobTitle: strings.TrimSpace(c.FormValue("job_title"))}
	err = s.db.Update(c.Request().Context(), func(tx *store.Tx) error {
		p, err := tx.AddInAttendance(v.Meeting.ID, store.Officer{PersonID: form.OfficerPerson, Name: form.OfficerName, JobTitle: form.OfficerJobTitle})
		if err != nil {
			return err
		}
		return audit(c, tx, "officer in attendance recorded", "meeting "+strconv.FormatInt(v.Meeting.ID, 10),
			"person "+strconv.FormatInt(p.ID, 10)+": "+p.DisplayName())
	})
	return s.afterAttendanceChange(c, v, err, "in-attendance", "officer", "Officer in attendance recorded", form)
}

func (s *Server) removeAttendee(c echo.Context) error {
	v, err := s.clerkMeeting(c)
	if err != nil {
		return err
	}
	person, err := parseID(c, "person")
	if err != nil {
		return err
	}
	var removed store.Attendee
	err = s.db.Update(c.Request().Context(), func(tx *store.Tx) error {
		if removed, err = tx.RemoveAttendee(v.Meeting.ID, person); err != nil {
			return err
		}
		return audit(c, tx, "attendance removed", "meeting "+strconv.FormatInt(v.Meeting.ID, 10),
			removed.Kind+": person "+strconv.FormatInt(person, 10)+", "+removed.DisplayName())
	})
	if err != nil {
		return err
	}
	section := map[string]string{"substitute": "substitutes", "also-present": "also-present", "in-attendance": "in-attendance"}[removed.Kind]
	return s.doneThen(c, "/clerk/meetings/"+strconv.FormatInt(v.Meeting.ID, 10)+"/attendance#"+section, "Removed from the attendance: "+removed.DisplayName())
}

func (s *Server) addDeclaration(c echo.Context) error {
	v, err := s.clerkMeeting(c)
	if err != nil {
		return err
	}
	person, _ := strconv.ParseInt(c.FormValue("person"), 10, 64)
	item, _ := strconv.ParseInt(c.FormValue("item"), 10, 64)
	err = s.db.Update(c.Request().Context(), func(tx *store.Tx) error {
		if err := tx.AddDeclaration(v.Meeting.ID, person, item, c.FormValue("kind"), c.FormValue("description")); err != nil {
			return err
		}
		return audit(c, tx, "interest declared", "meeting "+strconv.FormatInt(v.Meeting.ID, 10), c.FormValue("kind"))
	})
	return s.afterAttendanceChange(c, v, err, "declarations", "declaration", "Declaration of interest recorded", attendanceForm{})
}

func (s *Server) removeDeclaration(c echo.Context) error {
	v, err := s.clerkMeeting(c)
	if err != nil {
		return err
	}
	id, err := parseID(c, "declaration")
	if err != nil {
		return err
	}
	err = s.db.Update(c.Request().Context(), func(tx *store.Tx) error {
		if err := tx.RemoveDeclaration(v.Meeting.ID, id); err != nil {
			return err
		}
		return audit(c, tx, "declaration removed", "meeting "+strconv.FormatInt(v.Meeting.ID, 10), "")
	})
	if err != nil {
		return err
	}
	return s.doneThen(c, "/clerk/meetings/"+strconv.FormatInt(v.Meeting.ID, 10)+"/attendance#declarations", "Declaration of interest removed")
}

// nameAndGroup is a councillor as the page's lists show them.
func nameAndGroup(p store.Person) string {
	if p.Group == "" {
		return p.DisplayName()
	}
	return p.DisplayName() + " (" + p.Group + ")"
}

// councillorChoices are the councillors who may substitute or be also
// present, the committee's named substitutes first, in optgroups if grouped.
func councillorChoices(cands store.AttendanceCandidates, grouped bool) []choice {
	list := []choice{{Value: "", Text: "Choose a councillor"}}
	named, other := "", ""
	if grouped {
		named, other = "Substitutes named for this committee", "Other councillors"
	}
	for _, p := range cands.NamedSubstitutes {
		list = append(list, choice{Value: strconv.FormatInt(p.ID, 10), Text: nameAndGroup(p), Group: named})
	}
	for _, p := range cands.Councillors {
		list = append(list, choice{Value: strconv.FormatInt(p.ID, 10), Text: p.DisplayName() + " (" + p.Group + ")", Group: other})
	}
	return list
}

// memberChoices are the members a substitute may stand in for.
func memberChoices(rows []attendanceRow) []choice {
	list := []choice{{Value: "", Text: "Choose a member"}}
	for _, r := range rows {
		list = append(list, choice{Value: strconv.FormatInt(r.ID, 10), Text: nameAndGroup(r.Person)})
	}
	return list
}

// officerChoices are the officers already known, after the choice of
// someone else.
func officerChoices(officers []store.Person) []choice {
	list := []choice{{Value: "", Text: "Someone else"}}
	for _, p := range officers {
		list = append(list, choice{Value: strconv.FormatInt(p.ID, 10), Text: p.DisplayName() + " (" + p.JobTitle + ")"})
	}
	return list
}

// declarerChoices are those who may declare an interest: the members and
// the meeting's substitutes.
func declarerChoices(members []store.Member, subs []store.Attendee) []choice {
	var list []choice
	for _, m := range members {
		list = append(list, choice{Value: strconv.FormatInt(m.ID, 10), Text: m.DisplayName()})
	}
	for _, a := range subs {
		list = append(list, choice{Value: strconv.FormatInt(a.ID, 10), Text: a.DisplayName() + " (substitute)"})
	}
	return list
}

// agendaChoices are a meeting's agenda items.
func agendaChoices(items []store.AgendaItem) []choice {
	list := make([]choice, len(items))
	for i, it := range items {
		list[i] = choice{Value: strconv.FormatInt(it.ID, 10), Text: it.Label() + ". " + it.Title}
	}
	return list
}

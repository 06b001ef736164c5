package server

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"minutebook/dates"
	"minutebook/store"
)

// interestsForm is the register editor: a member's register, what was
// typed into the add form, and the removal that came back with a problem.
type interestsForm struct {
	Person   store.Person
	Register store.Register
	Today    dates.Date
	// Categories and Holders are the add form's radios.
	Categories, Holders []choice
	// Category, Description, Whose and Registered are the add form's.
	Category, Description, Whose string
	Registered                   dateInput
	// Ending is the entry whose removal has a problem, with what was typed.
	Ending int64
	Ended  dateInput
	Errors FieldErrors
}

// interestsPath is the register editor of a person.
func interestsPath(personID int64) string {
	return "/clerk/people/" + strconv.FormatInt(personID, 10) + "/interests"
}

func (s *Server) interestsPage(c echo.Context) error {
	p, err := s.interestsPerson(c)
	if err != nil {
		return err
	}
	return s.renderInterests(c, http.StatusOK, &interestsForm{Person: p, Whose: "member"})
}

func (s *Server) interestsPerson(c echo.Context) (store.Person, error) {
	id, err := parseID(c, "id")
	if err != nil {
		return store.Person{}, err
	}
	return s.db.Person(c.Request().Context(), id)
}

func (s *Server) renderInterests(c echo.Context, status int, f *interestsForm) error {
	r, err := s.db.RegisterOfInterests(c.Request().Context(), f.Person.ID)
	if err != nil {
		return err
	}
	f.Register = r
	f.Today = dates.DateOf(s.now().In(s.loc))
	f.Categories = interestChoices()
	f.Holders = []choice{{Value: "member", Text: "The member's own"},
		{Value: "partner", Text: "Their spouse's or partner's", Hint: "Their spouse or civil partner, or someone they live with as if married or in a civil partnership. The published register does not say whose an interest is."}}
	return s.pages.render(c, status, "clerk-interests", s.page(c, "/clerk", f,
		link{Href: "/clerk", Label: "Clerk's workspace"},
		link{Href: "/people/" + strconv.FormatInt(f.Person.ID, 10), Label: f.Person.DisplayName()}))
}

// interestChoices are the register's categories as radios.
func interestChoices() []choice {
	list := make([]choice, len(store.InterestCategories))
	for i, c := range store.InterestCategories {
		list[i] = choice{Value: c.Key, Text: c.Label, Hint: c.Hint}
	}
	return list
}

func (s *Server) addInterest(c echo.Context) error {
	p, err := s.interestsPerson(c)
	if err != nil {
		return err
	}
	f := &interestsForm{Person: p, Category: c.FormValue("category"), Description: c.FormValue("description"),
		Whose: c.FormValue("whose"), Registered: readDateInput(c, "registered", "registered")}
	in := store.Interest{PersonID: p.ID, Category: f.Category, Description: f.Description, Whose: f.Whose}
	// The date is read from its boxes here; the store checks the rest.
	for _, e := range store.InterestProblems(in) {
		if field := store.ErrorField(e); field != "registered" {
			f.Errors.Add(field, store.ErrorMessage(e))
		}
	}
	if day, ok := f.Registered.date("the date the interest was registered", &f.Errors); ok {
		if day.After(dates.DateOf(s.now().In(s.loc))) {
			f.Registered.refuse(&f.Errors, "The date the interest was registered must be today or in the past")
		}
		in.RegisteredOn = day.String()
	}
	if f.Errors.Any() {
		return s.renderInterests(c, http.StatusUnprocessableEntity, f)
	}
	var added store.Interest
	err = s.db.Update(c.Request().Context(), func(tx *store.Tx) error {
		if added, err = tx.AddInterest(in); err != nil {
			return err
		}
		return audit(c, tx, "interest registered", "person "+strconv.FormatInt(p.ID, 10),
			"interest "+strconv.FormatInt(added.ID, 10)+", "+added.Category+", "+added.Whose+", from "+added.RegisteredOn+": "+added.Description)
	})
	if field := store.ErrorField(err); field != "" {
		if field == "registered" {
			f.Registered.refuse(&f.Errors, store.ErrorMessage(err))
		} else {
			f.Errors.Add(field, store.ErrorMessage(err))
		}
		return s.renderInterests(c, http.StatusUnprocessableEntity, f)
	}
	if err != nil {
		return err
	}
	return s.doneThen(c, interestsPath(p.ID), "Interest registered: "+added.Description)
}

func (s *Server) removeInterest(c echo.Context) error {
	p, err := s.interestsPerson(c)
	if err != nil {
		return err
	}
	id, err := parseID(c, "interest")
	if err != nil {
		return err
	}
	f := &interestsForm{Person: p, Whose: "member", Ending: id, Ended: readDateInput(c, "ended-"+strconv.FormatInt(id, 10), "ended")}
	day, ok := f.Ended.date("the date the interest ended", &f.Errors)
	if ok && day.After(dates.DateOf(s.now().In(s.loc))) {
		f.Ended.refuse(&f.Errors, "The date the interest ended must be today or in the past")
	}
	if f.Errors.Any() {
		return s.renderInterests(c, http.StatusUnprocessableEntity, f)
	}
	var ended store.Interest
	err = s.db.Update(c.Request().Context(), func(tx *store.Tx) error {
		if ended, err = tx.RemoveInterest(p.ID, id, day.String()); err != nil {
			return err
		}
		return audit(c, tx, "interest removed", "person "+strconv.FormatInt(p.ID, 10),
			"interest "+strconv.FormatInt(id, 10)+", ended "+ended.RemovedOn+": "+ended.Description)
	})
	if store.ErrorField(err) == "ended" {
		f.Ended.refuse(&f.Errors, store.ErrorMessage(err))
		return s.renderInterests(c, http.StatusUnprocessableEntity, f)
	}
	if err != nil {
		return err
	}
	return s.doneThen(c, interestsPath(p.ID), "Interest removed from the register: "+ended.Description)
}

// RegisteredValue is the add form's date: as typed, or today.
func (f *interestsForm) RegisteredValue() any {
	if f.Registered.ID != "" {
		return f.Registered
	}
	return f.Today
}

// HolderLabel says whose an interest is, for the clerk.
func (f *interestsForm) HolderLabel(whose string) string {
	for _, h := range f.Holders {
		if h.Value == whose {
			return h.Text
		}
	}
	return whose
}

// CategoryLabel is the heading of a category of the register.
func (f *interestsForm) CategoryLabel(key string) string { return store.InterestCategoryLabel(key) }

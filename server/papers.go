package server

import (
	"context"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"minutebook/files"
	"minutebook/mail"
	"minutebook/store"
)

// paper serves one paper's PDF to those who may read it (see mayRead). To
// anyone else the paper does not exist: the answer is the same 404 as for
// a paper that was never uploaded, so neither a draft nor an exempt paper
// gives itself away.
func (s *Server) paper(c echo.Context) error {
	ctx := c.Request().Context()
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	notFound := store.Errorf(store.ENOTFOUND, "There is no paper %d.", id)
	r, item, m, err := s.db.Report(ctx, id)
	if err != nil {
		if store.ErrorCode(err) == store.ENOTFOUND {
			return notFound
		}
		return err
	}
	u := currentUser(c)
	entitled, err := s.entitled(ctx, u, m.BodyID)
	if err != nil {
		return err
	}
	if !s.mayRead(u, m, item, entitled) {
		return notFound
	}
	f, err := (&files.Store{Dir: s.files}).Open(r.Document.Path)
	if err != nil {
		return err
	}
	defer f.Close()
	h := c.Response().Header()
	if item.Part == 2 {
		h.Set("Cache-Control", "no-store")
	} else {
		h.Set("Cache-Control", "private, max-age=300")
	}
	h.Set("Content-Disposition", mail.ContentDisposition("inline", r.Document.Filename))
	h.Set("Content-Length", strconv.FormatInt(r.Document.Size, 10))
	return c.Stream(http.StatusOK, "application/pdf", f)
}

// mayRead is the one rule for who may read a paper, and so see its link,
// wherever it is shown. Before the agenda is published every paper is the
// clerks' work in progress: only the meeting's clerks and administrators
// see it, whichever Part it is in. Once published, Part 1 papers are public
// and exempt (Part 2) papers are for those entitled to them (members and
// substitutes of the committee, its clerks, administrators).
func (s *Server) mayRead(u *store.User, m store.Meeting, a store.AgendaItem, entitled bool) bool {
	if u != nil && store.ClerksBody(*u, m.BodyID) {
		return true
	}
	if m.PublishedAt == nil {
		return false
	}
	return a.Part != 2 || entitled
}

// mayReadExemptDecision is the rule for a decision's exempt information and
// exempt documents: clerks and administrators may read them, and the
// current members of the body that takes the decision, when a body does.
func (s *Server) mayReadExemptDecision(ctx context.Context, u *store.User, d store.Decision) (bool, error) {
	if u.Is(store.RoleClerk, store.RoleAdmin) {
		return true, nil
	}
	if d.BodyID == 0 {
		return false, nil
	}
	return s.entitled(ctx, u, d.BodyID)
}

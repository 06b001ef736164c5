package server

import (
	"fmt"
	"io"
	"net/http"
	"os"

	"github.com/labstack/echo/v4"

	"minutebook/mail"
	"minutebook/pack"
	"minutebook/store"
)

// servePack answers the public packs (anyone, once the agenda is
// published) and the members' packs (only those entitled to their exempt
// papers; 404 for everyone else, as if they did not exist).
func (s *Server) servePack(kind pack.Kind) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx := c.Request().Context()
		id, err := parseID(c, "id")
		if err != nil {
			return err
		}
		m, err := s.db.Meeting(ctx, id)
		if err != nil {
			return err
		}
		u := currentUser(c)
		clerk := u != nil && store.ClerksBody(*u, m.BodyID)
		notFound := store.Errorf(store.ENOTFOUND, "There is no agenda pack for this meeting yet: it is published with the agenda.")
		if m.PublishedAt == nil && !clerk {
			return notFound
		}
		if kind.HasExempt() {
			entitled, err := s.entitled(ctx, u, m.BodyID)
			if err != nil {
				return err
			}
			if !entitled {
				return notFound
			}
		}
		built, err := s.agenda.Pack(ctx, id, kind, nil)
		if err != nil {
			return err
		}
		f, err := os.Open(built.Path)
		if err != nil {
			return err
		}
		defer f.Close()
		h := c.Response().Header()
		if kind.HasExempt() {
			h.Set("Cache-Control", "no-store")
		} else {
			h.Set("Cache-Control", "private, max-age=60")
		}
		name := fmt.Sprintf("Agenda pack %s %s%s.pdf", m.Body, m.StartsAt.In(s.loc).Format("2006-01-02"),
			map[pack.Kind]string{pack.Members: " (members)", pack.Supplementary: " (supplementary)",
				pack.MembersSupplementary: " (supplementary, members)"}[kind])
		h.Set("Content-Disposition", mail.ContentDisposition("inline", name))
		return c.Stream(http.StatusOK, "application/pdf", io.Reader(f))
	}
}

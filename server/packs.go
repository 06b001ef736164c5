package server

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"

	"github.com/labstack/echo/v4"

	"minutebook/mail"
	"minutebook/pack"
	"minutebook/store"
)

// servePack answers the public packs (anyone, once the agenda is
// published) and the members' packs (only those entitled to their exempt
// papers; 404 for everyone else, as if they did not exist). A published
// agenda's pack is the one its latest issue sent, kept byte for byte; before
// publication its clerks see the pack as it would be sent now.
func (s *Server) servePack(kind pack.Kind) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx := c.Request().Context()
		m, err := s.packMeeting(c, kind)
		if err != nil {
			return err
		}
		p, err := s.agenda.PackNow(ctx, m.ID, kind)
		if err != nil {
			return err
		}
		return s.sendPack(c, m, kind, p.File, "")
	}
}

// serveIssuedPack answers one pack as an issue of the agenda sent it, as
// the emails link to it: a re-issue never replaces what was sent before.
func (s *Server) serveIssuedPack(c echo.Context) error {
	ctx := c.Request().Context()
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	packID, err := parseID(c, "pack")
	if err != nil {
		return err
	}
	pp, err := s.db.PublishedPack(ctx, id, packID)
	if err != nil {
		return err
	}
	kind := packKindNamed[pp.Kind]
	m, err := s.packMeeting(c, kind)
	if err != nil {
		return err
	}
	issued := " " + pp.PublishedAt.In(s.loc).Format("2006-01-02 1504")
	return s.sendPack(c, m, kind, filepath.Join(s.files, pp.Path), issued)
}

// errSignInFirst sends someone signed out to sign in, and back.
var errSignInFirst = errors.New("sign in first")

var packKindNamed = map[string]pack.Kind{"public": pack.Public, "members": pack.Members,
	"supplementary": pack.Supplementary, "members-supplementary": pack.MembersSupplementary}

// packMeeting is the meeting of the route, if the one asking may have its
// pack of this kind: the public once the agenda is published, its clerks
// before, and for a pack with exempt papers only those entitled to them.
func (s *Server) packMeeting(c echo.Context, kind pack.Kind) (store.Meeting, error) {
	ctx := c.Request().Context()
	id, err := parseID(c, "id")
	if err != nil {
		return store.Meeting{}, err
	}
	m, err := s.db.Meeting(ctx, id)
	if err != nil {
		return m, err
	}
	u := currentUser(c)
	clerk := u != nil && store.ClerksBody(*u, m.BodyID)
	notFound := store.Errorf(store.ENOTFOUND, "There is no agenda pack for this meeting yet: it is published with the agenda.")
	if m.PublishedAt == nil && !clerk {
		return m, notFound
	}
	if kind.HasExempt() {
		if u == nil {
			// The link in a member's email: they sign in, then get the pack.
			return m, errSignInFirst
		}
		entitled, err := s.entitled(ctx, u, m.BodyID)
		if err != nil {
			return m, err
		}
		if !entitled {
			return m, notFound
		}
	}
	return m, nil
}

func (s *Server) sendPack(c echo.Context, m store.Meeting, kind pack.Kind, path, issued string) error {
	f, err := os.Open(path)
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
	name := fmt.Sprintf("Agenda pack %s %s%s%s.pdf", m.Body, m.StartsAt.In(s.loc).Format("2006-01-02"),
		map[pack.Kind]string{pack.Members: " (members)", pack.Supplementary: " (supplementary)",
			pack.MembersSupplementary: " (supplementary, members)"}[kind], issued)
	h.Set("Content-Disposition", mail.ContentDisposition("inline", name))
	return c.Stream(http.StatusOK, "application/pdf", io.Reader(f))
}

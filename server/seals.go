package server

import (
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"minutebook/mail"
	"minutebook/store"
)

// Signed records can be checked by anyone without minutebook: the meeting
// offers the record as signed and its signature, the site its public key,
// and the chain of every seal is published as a page and a feed, so that
// the public, auditors and the press can keep copies and notice a rewrite.
func (s *Server) sealRoutes(e *echo.Echo) {
	e.GET("/signing-key.pem", s.signingKey)
	e.GET("/signed-minutes", s.sealChainPage)
	e.GET("/signed-minutes.atom", s.sealChainFeed)
	e.GET("/meetings/:id/minutes/signed-record.json", s.signedRecord)
	e.GET("/meetings/:id/minutes/signed-record.sig", s.signedRecordSignature)
}

func (s *Server) signingKey(c echo.Context) error {
	pem, err := store.PublicKeyPEM(s.db.PublicKey())
	if err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", mail.ContentDisposition("attachment", "minutebook-signing-key.pem"))
	return c.Blob(http.StatusOK, "application/x-pem-file", pem)
}

// meetingSeal is the seal of the meeting named in the route.
func (s *Server) meetingSeal(c echo.Context) (store.Seal, error) {
	id, err := parseID(c, "id")
	if err != nil {
		return store.Seal{}, err
	}
	return s.db.MeetingSeal(c.Request().Context(), id)
}

func (s *Server) signedRecord(c echo.Context) error {
	seal, err := s.meetingSeal(c)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", mail.ContentDisposition("attachment", fmt.Sprintf("signed-record-%d-v%d.json", seal.MeetingID, seal.Version)))
	return c.Blob(http.StatusOK, "application/json", seal.Record)
}

func (s *Server) signedRecordSignature(c echo.Context) error {
	seal, err := s.meetingSeal(c)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", mail.ContentDisposition("attachment", fmt.Sprintf("signed-record-%d-v%d.sig", seal.MeetingID, seal.Version)))
	return c.Blob(http.StatusOK, "application/octet-stream", seal.Signature)
}

// chainEntry is one seal as the chain page and feed show it.
type chainEntry struct {
	Seal    store.Seal
	Meeting store.Meeting
}

func (s *Server) sealChain(c echo.Context) ([]chainEntry, error) {
	ctx := c.Request().Context()
	seals, err := s.db.Seals(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]chainEntry, 0, len(seals))
	for i := len(seals) - 1; i >= 0; i-- {
		m, err := s.db.Meeting(ctx, seals[i].MeetingID)
		if err != nil {
			return nil, err
		}
		out = append(out, chainEntry{Seal: seals[i], Meeting: m})
	}
	return out, nil
}

func (s *Server) sealChainPage(c echo.Context) error {
	chain, err := s.sealChain(c)
	if err != nil {
		return err
	}
	return s.pages.render(c, http.StatusOK, "signed-minutes", s.page(c, "/meetings", struct {
		Chain     []chainEntry
		PublicKey string
	}{chain, hex.EncodeToString(s.db.PublicKey())}))
}

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Link    []atomLink  `xml:"link"`
	Author  atomAuthor  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Title   string   `xml:"title"`
	ID      string   `xml:"id"`
	Updated string   `xml:"updated"`
	Link    atomLink `xml:"link"`
	Summary string   `xml:"summary"`
}

// sealChainFeed is the chain as Atom (RFC 4287), newest seal first.
func (s *Server) sealChainFeed(c echo.Context) error {
	chain, err := s.sealChain(c)
	if err != nil {
		return err
	}
	base := c.Scheme() + "://" + c.Request().Host
	feed := atomFeed{Title: s.council + ": signed minutes", ID: base + "/signed-minutes",
		Updated: time.Unix(0, 0).UTC().Format(time.RFC3339), Author: atomAuthor{Name: s.council},
		Link: []atomLink{{Href: base + "/signed-minutes.atom", Rel: "self", Type: "application/atom+xml"}, {Href: base + "/signed-minutes", Rel: "alternate", Type: "text/html"}}}
	for i, e := range chain {
		signed := e.Seal.SignedAt.UTC().Format(time.RFC3339)
		if i == 0 {
			feed.Updated = signed
		}
		feed.Entries = append(feed.Entries, atomEntry{
			Title:   fmt.Sprintf("%s, %s: minutes signed (version %d)", e.Meeting.Body, e.Meeting.StartsAt.In(s.loc).Format("2 January 2006"), e.Seal.Version),
			ID:      "urn:sha256:" + e.Seal.SHA256,
			Updated: signed,
			Link:    atomLink{Href: fmt.Sprintf("%s/meetings/%d/minutes/verify", base, e.Meeting.ID)},
			Summary: fmt.Sprintf("SHA-256 %s; previous seal %s", e.Seal.SHA256, orNone(e.Seal.Previous)),
		})
	}
	b, err := xml.MarshalIndent(feed, "", "  ")
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, "application/atom+xml; charset=utf-8", append([]byte(xml.Header), b...))
}

func orNone(s string) string {
	if s == "" {
		return "none (the first)"
	}
	return s
}

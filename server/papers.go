package server

import (
	"errors"
	"fmt"
	"net/http"
	netmail "net/mail"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"minutebook/files"
	"minutebook/mail"
	"minutebook/pack"
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

// MaxPaperSize is the largest paper a clerk may upload.
const MaxPaperSize = 50 << 20

func (s *Server) uploadPaper(c echo.Context) error {
	v, err := s.clerkMeeting(c)
	if err != nil {
		return err
	}
	item, err := agendaItemOf(c, v)
	if err != nil {
		return err
	}
	refuse := func(msg string) error {
		return s.renderClerkMeeting(c, http.StatusUnprocessableEntity, v, fieldError("paper-"+strconv.FormatInt(item.ID, 10), msg), nil)
	}
	req := c.Request()
	req.Body = http.MaxBytesReader(c.Response(), req.Body, MaxPaperSize+1<<20)
	fh, err := c.FormFile("paper")
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return refuse(fmt.Sprintf("The file is larger than %d MB. Reduce its size (for example, save it with smaller images) and upload it again.", MaxPaperSize>>20))
		}
		return refuse("Choose a PDF file to upload.")
	}
	if fh.Size > MaxPaperSize {
		return refuse(fmt.Sprintf("The file is %.0f MB, more than the %d MB allowed. Reduce its size and upload it again.", float64(fh.Size)/(1<<20), MaxPaperSize>>20))
	}
	src, err := fh.Open()
	if err != nil {
		return err
	}
	defer src.Close()
	staged, err := (&files.Store{Dir: s.files}).Stage(src, MaxPaperSize)
	if errors.Is(err, files.ErrTooLarge) {
		return refuse(fmt.Sprintf("The file is larger than %d MB. Reduce its size and upload it again.", MaxPaperSize>>20))
	}
	if err != nil {
		return err
	}
	pages, err := pack.Check(staged.TempPath())
	if err == nil {
		// After pack.Check, so that a file that is no PDF at all, or is
		// encrypted, is told so first.
		err = files.CheckPDF(staged.TempPath())
	}
	if err != nil {
		staged.Discard()
		return refuse(fmt.Sprintf("%s was not added: %s", mail.FileName(fh.Filename), err.Error()))
	}
	if form, err := c.FormParams(); err == nil {
		if err := checkText(form); err != nil {
			staged.Discard()
			return refuse(store.ErrorMessage(err))
		}
	}
	title := strings.TrimSpace(c.FormValue("title"))
	if title == "" {
		title = item.Title
	}
	authorEmail := strings.TrimSpace(c.FormValue("author_email"))
	if authorEmail != "" {
		a, err := netmail.ParseAddress(authorEmail)
		if err != nil || a.Name != "" {
			staged.Discard()
			return refuse("Enter the report author's email address in the correct format, like name@example.org, or leave it blank.")
		}
	}
	report := store.Report{AgendaItemID: item.ID, Title: title, Author: strings.TrimSpace(c.FormValue("author")), AuthorEmail: authorEmail,
		Summary: strings.TrimSpace(c.FormValue("summary")), Recommendation: strings.TrimSpace(c.FormValue("recommendation"))}
	saved, err := staged.Commit(".pdf")
	if err != nil {
		return err
	}
	report.Document = store.Document{SHA256: saved.SHA256, Filename: fh.Filename, ContentType: "application/pdf", Size: saved.Size, Pages: pages, Path: saved.Path}
	err = s.agenda.AddPaper(req.Context(), v.Meeting.ID, item.ID, report, actor(c))
	return s.afterChange(c, v, err, "paper-"+strconv.FormatInt(item.ID, 10), "Paper added to item "+item.Number+": "+title)
}

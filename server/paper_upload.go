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

// MaxPaperSize is the largest paper a clerk may upload.
const MaxPaperSize = 50 << 20

// receivePDF takes the uploaded PDF in the form's "paper" field, checked
// and kept. A refusal is a message for the clerk, with nothing kept.
func (s *Server) receivePDF(c echo.Context) (doc store.Document, refusal string, err error) {
	req := c.Request()
	req.Body = http.MaxBytesReader(c.Response(), req.Body, MaxPaperSize+1<<20)
	fh, err := c.FormFile("paper")
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return doc, fmt.Sprintf("The file is larger than %d MB. Reduce its size (for example, save it with smaller images) and upload it again.", MaxPaperSize>>20), nil
		}
		return doc, "Choose a PDF file to upload.", nil
	}
	if fh.Size > MaxPaperSize {
		return doc, fmt.Sprintf("The file is %.0f MB, more than the %d MB allowed. Reduce its size and upload it again.", float64(fh.Size)/(1<<20), MaxPaperSize>>20), nil
	}
	src, err := fh.Open()
	if err != nil {
		return doc, "", err
	}
	defer src.Close()
	staged, err := (&files.Store{Dir: s.files}).Stage(src, MaxPaperSize)
	if errors.Is(err, files.ErrTooLarge) {
		return doc, fmt.Sprintf("The file is larger than %d MB. Reduce its size and upload it again.", MaxPaperSize>>20), nil
	}
	if err != nil {
		return doc, "", err
	}
	pages, err := pack.Check(staged.TempPath())
	if err == nil {
		// After pack.Check, so that a file that is no PDF at all, or is
		// encrypted, is told so first.
		err = files.CheckPDF(staged.TempPath())
	}
	if err != nil {
		staged.Discard()
		return doc, fmt.Sprintf("%s was not added: %s", mail.FileName(fh.Filename), err.Error()), nil
	}
	if form, err := c.FormParams(); err == nil {
		if err := checkText(form); err != nil {
			staged.Discard()
			return doc, store.ErrorMessage(err), nil
		}
	}
	saved, err := staged.Commit(".pdf")
	if err != nil {
		return doc, "", err
	}
	return store.Document{SHA256: saved.SHA256, Filename: fh.Filename, ContentType: "application/pdf", Size: saved.Size, Pages: pages, Path: saved.Path}, "", nil
}

func (s *Server) uploadPaper(c echo.Context) error {
	v, err := s.clerkMeeting(c)
	if err != nil {
		return err
	}
	item, err := agendaItemOf(c, v)
	if err != nil {
		return err
	}
	field := "paper-" + strconv.FormatInt(item.ID, 10)
	refuse := func(msg string) error {
		return s.renderClerkMeeting(c, http.StatusUnprocessableEntity, v, "papers", fieldError(field, msg), nil)
	}
	doc, refusal, err := s.receivePDF(c)
	if err != nil {
		return err
	}
	if refusal != "" {
		return refuse(refusal)
	}
	title := strings.TrimSpace(c.FormValue("title"))
	if title == "" {
		title = item.Title
	}
	authorEmail := strings.TrimSpace(c.FormValue("author_email"))
	if authorEmail != "" {
		if a, err := netmail.ParseAddress(authorEmail); err != nil || a.Name != "" {
			return refuse("Enter the report author's email address in the correct format, like name@example.org, or leave it blank.")
		}
	}
	report := store.Report{AgendaItemID: item.ID, Title: title, Author: strings.TrimSpace(c.FormValue("author")), AuthorEmail: authorEmail,
		Summary: strings.TrimSpace(c.FormValue("summary")), Recommendation: strings.TrimSpace(c.FormValue("recommendation")), Document: doc}
	ctx := c.Request().Context()
	if v.Meeting.PublishedAt != nil {
		held, err := s.agenda.HoldPaper(ctx, v.Meeting.ID, item.ID, report, actor(c))
		if err != nil {
			return s.afterChange(c, v, err, "papers", field, "")
		}
		return s.doneThen(c, clerkMeetingPath(v.Meeting.ID, "publication", "held-"+strconv.FormatInt(held, 10)),
			"Paper received for item "+item.Label()+": check what it sends, then send it")
	}
	err = s.agenda.AddPaper(ctx, v.Meeting.ID, item.ID, report, actor(c))
	return s.afterChange(c, v, err, "papers", field, "Paper added to item "+item.Label()+": "+title)
}

// heldPaperOf finds the held paper the path names.
func (s *Server) heldPaperOf(c echo.Context) (*meetingView, int64, error) {
	v, err := s.clerkMeeting(c)
	if err != nil {
		return nil, 0, err
	}
	id, err := parseID(c, "held")
	return v, id, err
}

func (s *Server) sendHeldPaper(c echo.Context) error {
	v, id, err := s.heldPaperOf(c)
	if err != nil {
		return err
	}
	h, err := s.agenda.HeldPaper(c.Request().Context(), v.Meeting.ID, id)
	if err != nil {
		return s.afterChange(c, v, err, "publication", "held", "")
	}
	err = s.agenda.SendHeldPaper(c.Request().Context(), v.Meeting.ID, id, actor(c))
	done := "Agenda re-issued with the paper for item " + h.Item.Label() + ": the emails are being sent"
	if h.Supplement {
		done = "Supplementary agenda sent for item " + h.Item.Label() + ": the emails are being sent"
	}
	return s.afterChange(c, v, err, "publication", "emails", done)
}

func (s *Server) discardHeldPaper(c echo.Context) error {
	v, id, err := s.heldPaperOf(c)
	if err != nil {
		return err
	}
	err = s.agenda.DiscardHeldPaper(c.Request().Context(), v.Meeting.ID, id, actor(c))
	return s.afterChange(c, v, err, "publication", "held", "Paper discarded: nothing was sent")
}

func (s *Server) previewHeldPaper(c echo.Context) error {
	v, id, err := s.heldPaperOf(c)
	if err != nil {
		return err
	}
	pdf, err := s.agenda.PreviewHeldPaper(c.Request().Context(), v.Meeting.ID, id)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Disposition", mail.ContentDisposition("inline", "preview.pdf"))
	return c.Blob(http.StatusOK, "application/pdf", pdf)
}

// changePaper runs a change to a paper of a draft agenda. A published
// paper is a document of record: it is not changed, but a revised paper is
// added, which goes out as a re-issue.
func (s *Server) changePaper(c echo.Context, action string, fn func(v *meetingView, paper store.Report, tx *store.Tx) error, done string) error {
	v, err := s.clerkMeeting(c)
	if err != nil {
		return err
	}
	id, err := parseID(c, "paper")
	if err != nil {
		return err
	}
	var paper store.Report
	var item store.AgendaItem
	for _, a := range v.Agenda {
		for _, r := range v.Papers[a.ID] {
			if r.ID == id {
				paper, item = r, a
			}
		}
	}
	field := "paper-" + strconv.FormatInt(id, 10)
	if paper.ID == 0 {
		return s.afterChange(c, v, store.Errorf(store.ENOTFOUND, "That paper is not on this agenda: it may have been removed already."), "papers", field, "")
	}
	if v.Meeting.PublishedAt != nil {
		return s.afterChange(c, v, store.Errorf(store.ECONFLICT, "The agenda is published, so its papers are a record and stay as sent. Upload the revised paper to item %s instead: it is sent as a re-issue.", item.Label()), "papers", field, "")
	}
	// A meeting that has begun was held on these papers, published or not.
	if !v.Meeting.StartsAt.After(s.now()) {
		return s.afterChange(c, v, store.Errorf(store.ECONFLICT, "The meeting has taken place, so its papers are a record and stay as they were at the meeting."), "papers", field, "")
	}
	err = s.changeAgenda(c, v, action, "", func(tx *store.Tx) error { return fn(v, paper, tx) })
	if f := store.ErrorField(err); f != "" {
		return s.renderClerkMeeting(c, http.StatusUnprocessableEntity, v, "papers", fieldError(f+"-"+strconv.FormatInt(id, 10), store.ErrorMessage(err)), nil)
	}
	return s.afterChange(c, v, err, "papers", "papers-"+strconv.FormatInt(item.ID, 10), done+paper.Title)
}

func (s *Server) renamePaper(c echo.Context) error {
	title := strings.TrimSpace(c.FormValue("title"))
	return s.changePaper(c, "paper renamed", func(v *meetingView, paper store.Report, tx *store.Tx) error {
		return tx.RenameReport(v.Meeting.ID, paper.ID, title)
	}, "Paper renamed: was ")
}

func (s *Server) removePaper(c echo.Context) error {
	return s.changePaper(c, "paper removed", func(v *meetingView, paper store.Report, tx *store.Tx) error {
		return tx.RemoveReport(v.Meeting.ID, paper.ID)
	}, "Paper removed: ")
}

func (s *Server) replacePaper(c echo.Context) error {
	doc, refusal, err := s.receivePDF(c)
	if err != nil {
		return err
	}
	return s.changePaper(c, "paper replaced", func(v *meetingView, paper store.Report, tx *store.Tx) error {
		if refusal != "" {
			return &store.FieldError{Field: "replace", Err: store.Errorf(store.EINVALID, "%s", refusal)}
		}
		return tx.ReplaceReportDocument(v.Meeting.ID, paper.ID, doc)
	}, "Paper replaced with the new file: ")
}

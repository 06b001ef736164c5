package server

import (
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"minutebook/paths"
	"minutebook/store"
)

func (s *Server) clerkRoutes(g *echo.Group) {
	small := middleware.BodyLimit("256K")
	g.GET("", s.clerkDashboard)
	g.GET("/meetings/new", s.newMeetingPage)
	g.POST("/meetings", s.createMeeting, small)
	g.GET(strings.TrimPrefix(paths.ClerkMeeting, "/clerk"), s.clerkMeetingTab("agenda"))
	g.GET("/meetings/:id/papers", s.clerkMeetingTab("papers"))
	g.GET("/meetings/:id/publication", s.clerkMeetingTab("publication"))
	g.GET("/meetings/:id/change", s.clerkMeetingTab("change"))
	g.POST("/meetings/:id/items", s.addAgendaItem, small)
	g.POST("/meetings/:id/items/:item", s.editAgendaItem, small)
	g.POST("/meetings/:id/items/:item/move", s.moveAgendaItem, small)
	g.POST("/meetings/:id/items/:item/delete", s.deleteAgendaItem, small)
	g.POST("/meetings/:id/items/:item/papers", s.uploadPaper)
	g.POST("/meetings/:id/papers/:paper/rename", s.renamePaper, small)
	g.POST("/meetings/:id/papers/:paper/remove", s.removePaper, small)
	g.POST("/meetings/:id/papers/:paper/replace", s.replacePaper)
	g.POST("/meetings/:id/held/:held/send", s.sendHeldPaper, small)
	g.POST("/meetings/:id/held/:held/discard", s.discardHeldPaper, small)
	g.GET("/meetings/:id/held/:held/preview.pdf", s.previewHeldPaper)
	g.POST("/meetings/:id/renumber", s.renumberAgenda, small)
	g.POST("/meetings/:id/publish", s.publishAgenda, small)
	g.POST("/meetings/:id/ready", s.markReady, small)
	g.GET("/meetings/:id/minutes", s.minutesEditor)
	g.POST("/meetings/:id/minutes", s.saveMinutes, middleware.BodyLimit("4M"))
	g.POST("/meetings/:id/minutes/start", s.startMinutes, small)
	g.POST("/meetings/:id/minutes/advance", s.advanceMinutes, small)
	g.POST("/meetings/:id/minutes/correction", s.startCorrection, small)
	g.POST("/meetings/:id/minutes/votes/:paragraph", s.recordVotes, small)
	g.POST("/meetings/:id/minutes/:minute", s.saveMinute, small)
	g.POST("/meetings/:id/minutes/:minute/actions", s.recordAction, small)
	g.POST("/meetings/:id/actions/:action/status", s.setActionStatus, small)
	g.POST("/meetings/:id/actions/:action/delete", s.removeAction, small)
	g.GET("/meetings/:id/attendance", s.attendancePage)
	g.POST("/meetings/:id/attendance", s.recordAttendance, small)
	g.POST("/meetings/:id/attendance/substitutes", s.addSubstitute, small)
	g.POST("/meetings/:id/attendance/also-present", s.addAlsoPresent, small)
	g.POST("/meetings/:id/attendance/in-attendance", s.addInAttendance, small)
	g.POST("/meetings/:id/attendance/:person/delete", s.removeAttendee, small)
	g.POST("/meetings/:id/declarations", s.addDeclaration, small)
	g.POST("/meetings/:id/declarations/:declaration/delete", s.removeDeclaration, small)
	g.POST("/meetings/:id/status", s.changeMeetingStatus, small)
	g.POST("/meetings/:id/emails/:email/resend", s.resendEmail, small)
	d := g.Group("/decisions", s.keepsDecisions)
	d.GET("", s.clerkDecisions)
	d.GET("/new", s.newDecisionPage)
	d.POST("", s.createDecision, small)
	d.GET("/:ref", s.decisionPage)
	d.GET("/:ref/notice", s.decisionNoticePage)
	d.POST("/:ref", s.updateDecision, small)
	d.POST("/:ref/publish-notice", s.publishNotice, small)
	d.POST("/:ref/exception", s.decisionAction("exception"), small)
	d.POST("/:ref/consultations", s.decisionAction("consultations"), small)
	d.POST("/:ref/consultations/:id/delete", s.unlinkConsultation, small)
	d.POST("/:ref/documents", s.addDecisionDocument)
	d.POST("/:ref/documents/:id/delete", s.removeDecisionDocument, small)
	d.POST("/:ref/taken", s.decisionAction("taken"), small)
	d.POST("/:ref/publish", s.decisionAction("publish"), small)
	d.POST("/:ref/call-in", s.decisionAction("call-in"), small)
	d.POST("/:ref/call-in/outcome", s.decisionAction("call-in/outcome"), small)
	d.POST("/:ref/defer", s.decisionAction("defer"), small)
	d.POST("/:ref/withdraw", s.decisionAction("withdraw"), small)
	g.GET("/people/:id/interests", s.interestsPage)
	g.POST("/people/:id/interests", s.addInterest, small)
	g.POST("/people/:id/interests/:interest/remove", s.removeInterest, small)
}

// clerkBodies are the committees the signed-in clerk looks after.
func (s *Server) clerkBodies(c echo.Context) ([]store.Body, error) {
	all, err := s.db.Bodies(c.Request().Context())
	if err != nil {
		return nil, err
	}
	u := currentUser(c)
	var mine []store.Body
	for _, b := range all {
		if store.ClerksBody(*u, b.ID) {
			mine = append(mine, b)
		}
	}
	return mine, nil
}

// clerkMeeting loads a meeting the signed-in clerk looks after.
func (s *Server) clerkMeeting(c echo.Context) (*meetingView, error) {
	id, err := parseID(c, "id")
	if err != nil {
		return nil, err
	}
	v, err := s.loadMeeting(c.Request().Context(), id, currentUser(c))
	if err != nil {
		return nil, err
	}
	if !store.ClerksBody(*currentUser(c), v.Body.ID) {
		return nil, store.Errorf(store.EFORBIDDEN, "You do not clerk the %s.", v.Body.Name)
	}
	return v, nil
}

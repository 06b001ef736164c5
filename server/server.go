// Package server is minutebook's web front: routes, handlers, middleware
// and rendering. It is the only package that knows HTTP.
package server

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/alexedwards/scs/sqlite3store"
	"github.com/alexedwards/scs/v2"

	"minutebook/agenda"
	"minutebook/auth"
	"minutebook/markdown"
	"minutebook/pack"
	"minutebook/paths"
	"minutebook/store"
)

// Server holds what every handler needs.
type Server struct {
	db       *store.DB
	agenda   *agenda.Agenda
	loc      *time.Location
	now      func() time.Time
	council  string
	log      *slog.Logger
	pages    *renderer
	markdown *markdown.Renderer
	assets   *assetSet
	echo     *echo.Echo
	handler  http.Handler
	sessions *scs.SessionManager
	// subscribeLimit keeps the subscription form from mailing strangers in bulk.
	subscribeLimit *auth.Throttle
	// decoyHash is verified against when an account does not exist, so that
	// sign-in takes as long either way.
	decoyHash string
	files     string
	// mailDomain ends the Message-IDs of the emails the server queues.
	mailDomain string
}

// Config is what the server is built from.
type Config struct {
	DB *store.DB
	// Agenda is the committee business the handlers call.
	Agenda  *agenda.Agenda
	Council string
	Logger  *slog.Logger
	// SecureCookies marks the session cookie Secure and sends HSTS: set it
	// when minutebook is reached over HTTPS.
	SecureCookies bool
	// Files is the folder uploaded papers are kept in.
	Files string
	// MailDomain ends the Message-IDs of queued emails; "localhost" if unset.
	MailDomain string
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names the
	// client; with none, the client is the TCP peer.
	TrustedProxies []*net.IPNet
}

// New builds the server and its routes; it fails if a template is missing
// or broken.
func New(cfg Config) (*Server, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	assets, err := newAssetSet()
	if err != nil {
		return nil, err
	}
	md := markdown.New()
	loc := cfg.Agenda.Location()
	pages, err := newRenderer(loc, assets, md)
	if err != nil {
		return nil, err
	}
	decoy, err := auth.HashPassword("no account has this password")
	if err != nil {
		return nil, err
	}
	s := &Server{db: cfg.DB, agenda: cfg.Agenda, loc: loc, now: cfg.DB.Now, council: cfg.Council,
		log: cfg.Logger, pages: pages, markdown: md, assets: assets, decoyHash: decoy, files: cfg.Files, mailDomain: cfg.MailDomain,
		subscribeLimit: auth.NewThrottle(time.Hour, 3, 10, cfg.DB.Now)}
	if s.mailDomain == "" {
		s.mailDomain = "localhost"
	}
	s.sessions = scs.New()
	s.sessions.Store = sqlite3store.NewWithCleanupInterval(cfg.DB.SessionDB(), 30*time.Minute)
	s.sessions.Lifetime = 12 * time.Hour
	s.sessions.IdleTimeout = 2 * time.Hour
	s.sessions.Cookie.Name = "minutebook_session"
	s.sessions.Cookie.HttpOnly = true
	s.sessions.Cookie.SameSite = http.SameSiteLaxMode
	s.sessions.Cookie.Secure = cfg.SecureCookies
	s.echo = s.routes(cfg.SecureCookies, cfg.TrustedProxies)
	// Cross-site requests that change anything are refused by the browser's
	// own Sec-Fetch-Site and Origin headers: no token to forget in a form.
	s.handler = http.NewCrossOriginProtection().Handler(s.sessions.LoadAndSave(s.echo))
	return s, nil
}

// clientAddress says where a request comes from, for the sign-in limits and
// the audit log. Behind no proxy it is the TCP peer, never a header anyone
// can set; behind trusted proxies it is the address X-Forwarded-For gives,
// read from the right past those proxies only, since a client can write
// anything to its left.
func clientAddress(proxies []*net.IPNet) echo.IPExtractor {
	if len(proxies) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, p := range proxies {
		opts = append(opts, echo.TrustIPRange(p))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}

// ServeHTTP makes the server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

func (s *Server) routes(https bool, proxies []*net.IPNet) *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.IPExtractor = clientAddress(proxies)
	e.HTTPErrorHandler = s.handleError
	e.Use(middleware.Recover())
	e.Use(s.securityHeaders(https))
	e.Use(s.loadUser)
	e.Use(limitFormText)

	e.GET("/healthz", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })
	e.GET(strings.TrimSuffix(s.assets.prefix, "/")+"/*", s.assets.handler())

	e.GET("/", s.homePage)
	e.GET("/committees", s.committeesPage)
	e.GET("/committees/:id", s.committeePage)
	e.GET("/meetings", s.meetingsPage)
	e.GET(paths.Meeting, s.meetingPage)
	e.GET("/people/:id", s.personPage)
	e.GET("/deadlines", s.deadlinesPage)
	e.GET("/search", s.searchPage)
	e.GET("/papers/:id", s.paper)
	e.GET("/forward-plan", s.forwardPlanPage)
	e.GET("/decisions", s.decisionsPage)
	e.GET("/decisions/:ref", s.publicDecisionPage)
	e.GET("/decisions/:ref/documents/:id", s.decisionDocument)
	e.GET("/meetings/:id/minutes.pdf", s.minutesPDF)
	e.GET("/meetings/:id/minutes/verify", s.verifyMinutesPage)
	s.sealRoutes(e)
	e.POST("/meetings/:id/minutes/sign", s.signMinutes, s.requireRole(store.RoleChair, store.RoleAdmin), middleware.BodyLimit("16K"))
	subs := e.Group("", middleware.BodyLimit("16K"))
	subs.POST("/committees/:id/subscribe", s.subscribe)
	subs.POST(paths.ForwardPlan+"/subscribe", s.subscribeTopic(store.TopicForwardPlan))
	subs.POST(paths.Decisions+"/subscribe", s.subscribeTopic(store.TopicDecisions))
	subs.GET(paths.ConfirmSubscription, s.confirmSubscription)
	subs.POST(paths.ConfirmSubscription, s.confirmSubscription)
	subs.GET(paths.Unsubscribe, s.unsubscribe)
	subs.POST(paths.Unsubscribe, s.unsubscribe)
	e.GET(paths.PublicPack, s.servePack(pack.Public))
	e.GET(paths.MembersPack, s.servePack(pack.Members))
	e.GET(paths.SupplementaryPack, s.servePack(pack.Supplementary))
	e.GET(paths.MembersSupplementaryPack, s.servePack(pack.MembersSupplementary))
	e.GET(paths.IssuedPack, s.serveIssuedPack)
	e.GET("/sign-in", s.signInPage)
	e.POST("/sign-in", s.signIn, middleware.BodyLimit("64K"))
	e.GET("/sign-in/security-code", s.securityCodePage)
	e.POST("/sign-in/security-code", s.checkSecurityCode, middleware.BodyLimit("16K"))
	e.POST("/sign-out", s.signOut, middleware.BodyLimit("64K"))
	e.GET("/account", s.accountPage, s.requireRole(store.RoleAdmin, store.RoleClerk, store.RoleChair, store.RoleMember))
	twoFactor := e.Group("/account/two-factor", s.requireRole(store.RoleAdmin, store.RoleClerk, store.RoleChair, store.RoleMember), middleware.BodyLimit("16K"))
	twoFactor.GET("", s.twoFactorPage)
	twoFactor.POST("", s.confirmTwoFactor)
	twoFactor.GET("/qr.png", s.twoFactorQR)
	s.clerkRoutes(e.Group("/clerk", s.requireRole(store.RoleAdmin, store.RoleClerk)))
	s.meetingListRoutes(e)
	e.GET("/admin/audit", s.auditPage, s.requireRole(store.RoleAdmin))
	rules := e.Group("/admin/committees/:id/rules", s.requireRole(store.RoleAdmin), middleware.BodyLimit("16K"))
	rules.GET("", s.committeeRulesPage)
	rules.POST("", s.setCommitteeRules)
	admin := e.Group("/admin/closed-days", s.requireRole(store.RoleAdmin), middleware.BodyLimit("64K"))
	admin.GET("", s.closedDaysPage)
	admin.POST("", s.addClosedDay)
	admin.POST("/remove", s.removeClosedDay)

	api := e.Group("/api/v1")
	api.GET("/committees", s.apiCommittees)
	api.GET("/committees/:id", s.apiCommittee)
	api.GET("/meetings", s.apiMeetings)
	api.GET("/meetings/:id", s.apiMeeting)
	api.GET("/deadlines", s.apiDeadlines)
	api.GET("/decisions", s.apiDecisions)
	api.GET("/decisions/:reference", s.apiDecisionByReference)
	api.GET("/forward-plan", s.apiForwardPlan)
	return e
}

func (s *Server) securityHeaders(https bool) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			h := c.Response().Header()
			h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
				"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
			h.Set("X-Content-Type-Options", "nosniff")
			h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
			h.Set("X-Frame-Options", "DENY")
			h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
			if https || c.IsTLS() {
				h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
			}
			return next(c)
		}
	}
}

// badRequest is a malformed request; its message says what was expected.
func badRequest(format string, args ...any) error {
	return &httpError{status: http.StatusBadRequest, err: store.Errorf(store.EINVALID, format, args...)}
}

type httpError struct {
	status int
	err    error
}

func (e *httpError) Error() string { return e.err.Error() }
func (e *httpError) Unwrap() error { return e.err }

var statusByCode = map[string]int{
	store.EINVALID:   http.StatusBadRequest,
	store.ENOTFOUND:  http.StatusNotFound,
	store.ECONFLICT:  http.StatusConflict,
	store.EFORBIDDEN: http.StatusForbidden,
	store.EINTERNAL:  http.StatusInternalServerError,
}

// handleError is the one place errors become responses: JSON for the API,
// an error page for people. Internal causes are logged, never shown.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	if errors.Is(err, errSignInFirst) {
		_ = c.Redirect(http.StatusSeeOther, "/sign-in?next="+url.QueryEscape(c.Request().URL.RequestURI()))
		return
	}
	status, message := http.StatusInternalServerError, store.ErrorMessage(err)
	var he *httpError
	var ee *echo.HTTPError
	switch {
	case errors.As(err, &he):
		status = he.status
	case errors.As(err, &ee):
		status = ee.Code
		switch status {
		case http.StatusNotFound:
			message = "There is no page at this address. Check the address, or start from the list of meetings."
		case http.StatusMethodNotAllowed:
			message = "This address does not accept that kind of request."
		case http.StatusRequestEntityTooLarge:
			message = "The request is too large."
		default:
			message = http.StatusText(status)
		}
	default:
		status = statusByCode[store.ErrorCode(err)]
	}
	if status >= 500 {
		s.log.Error("request failed", "method", c.Request().Method, "path", c.Request().URL.Path, "err", err)
	}
	if strings.HasPrefix(c.Request().URL.Path, "/api/") {
		_ = c.JSON(status, map[string]string{"error": message})
		return
	}
	heading := map[int]string{
		http.StatusBadRequest:            "There is a problem with the address",
		http.StatusNotFound:              "Page not found",
		http.StatusForbidden:             "You cannot see this page",
		http.StatusConflict:              "That cannot be done now",
		http.StatusUnprocessableEntity:   "There is a problem with what you sent",
		http.StatusRequestEntityTooLarge: "What you sent is too large",
	}[status]
	if heading == "" {
		heading = "Sorry, there is a problem with the service"
	}
	if status == http.StatusUnauthorized {
		heading = "Sign in to continue"
	}
	// Not s.page: an error page leaves the last action's banner for the
	// next page that works.
	p := page{Council: s.council, Data: struct{ Heading, Message string }{heading, message}, User: currentUser(c)}
	if rerr := s.pages.render(c, status, "error", p); rerr != nil {
		s.log.Error("render error page", "err", rerr)
		_ = c.String(status, message)
	}
}

func (s *Server) page(c echo.Context, section string, data any, crumbs ...link) page {
	return page{Council: s.council, Section: section, Breadcrumbs: crumbs, Data: data, User: currentUser(c), Flash: s.flash(c)}
}

// Close releases what the server holds.
func (s *Server) Close(ctx context.Context) error { return s.echo.Shutdown(ctx) }

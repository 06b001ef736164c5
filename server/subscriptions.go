package server

import (
	"context"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"minutebook/store"
)

// subscriptionPage is a step of subscribing or unsubscribing: what
// happened, and the button for the next step if there is one.
type subscriptionPage struct {
	Heading, Message string
	Action, Button   string
	Token            string
	BodyID           int64
	// Topic is a subscription without a body: the forward plan or
	// decisions.
	Topic  string
	Email  string
	Errors FieldErrors
}

func (s *Server) subscribe(c echo.Context) error {
	ctx := c.Request().Context()
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	body, err := s.db.Body(ctx, id)
	if err != nil {
		return err
	}
	raw := strings.TrimSpace(c.FormValue("email"))
	email, err := store.SubscriberAddress(raw)
	if err != nil {
		return s.pages.render(c, http.StatusUnprocessableEntity, "subscription", s.page(c, "/committees", subscriptionPage{
			Heading: "Get the " + body.Name + "'s agendas by email", BodyID: id, Email: raw,
			Errors: fieldError("email", store.ErrorMessage(err))}))
	}
	if ok, _ := s.subscribeLimit.Allowed(email, c.RealIP()); !ok {
		return s.pages.render(c, http.StatusTooManyRequests, "subscription", s.page(c, "/committees", subscriptionPage{
			Heading: "Get the " + body.Name + "'s agendas by email", BodyID: id, Email: raw,
			Errors: fieldError("email", "Too many subscription requests have come from here or for this address. Try again in an hour.")}))
	}
	s.subscribeLimit.Fail(email, c.RealIP())
	if err := s.db.Update(ctx, func(tx *store.Tx) error { return tx.Subscribe(id, email, s.mailDomain) }); err != nil {
		return err
	}
	// The same answer whether or not the address was subscribed already, so
	// that the page tells nobody who is.
	return s.pages.render(c, http.StatusOK, "subscription", s.page(c, "/committees", subscriptionPage{
		Heading: "Check your email",
		Message: "If " + email + " is not subscribed yet, we have sent it a link to confirm. Agendas are sent only once it is confirmed."}))
}

// subscriptionStep answers the links in subscription emails: a GET shows
// the subscription and a button, and the POST the button (or a mail
// program's one-click unsubscribe, RFC 8058) sends does the step.
func (s *Server) subscriptionStep(c echo.Context, find func(*store.DB, context.Context, string) (store.Subscription, error),
	ask, done func(store.Subscription) subscriptionPage, act func(*store.Tx, string) error) error {
	token := c.QueryParam("token")
	sub, err := find(s.db, c.Request().Context(), token)
	if err != nil {
		return err
	}
	page := done(sub)
	if c.Request().Method == http.MethodGet {
		page = ask(sub)
		page.Action = c.Request().URL.Path + "?token=" + token
	} else if err := s.db.Update(c.Request().Context(), func(tx *store.Tx) error { return act(tx, token) }); err != nil {
		return err
	}
	return s.pages.render(c, http.StatusOK, "subscription", s.page(c, "/committees", page))
}

// confirmSubscription answers the link of the confirmation email, whose
// token confirms and does nothing else.
func (s *Server) confirmSubscription(c echo.Context) error {
	return s.subscriptionStep(c, (*store.DB).SubscriptionByConfirmToken,
		func(sub store.Subscription) subscriptionPage {
			return subscriptionPage{Heading: "Confirm your subscription", Message: "Send " + wordsFor(sub).what + " to " + sub.Email + "?", Button: "Confirm"}
		},
		func(sub store.Subscription) subscriptionPage {
			return subscriptionPage{Heading: "You are subscribed", Message: wordsFor(sub).subscribed}
		},
		(*store.Tx).ConfirmSubscription)
}

// unsubscribe answers the link of every agenda email, whose token
// unsubscribes and can never subscribe again.
func (s *Server) unsubscribe(c echo.Context) error {
	return s.subscriptionStep(c, (*store.DB).SubscriptionByToken,
		func(sub store.Subscription) subscriptionPage {
			return subscriptionPage{Heading: "Stop these emails", Message: "Stop sending " + wordsFor(sub).what + " to " + sub.Email + "?", Button: "Unsubscribe"}
		},
		func(sub store.Subscription) subscriptionPage {
			return subscriptionPage{Heading: "You are unsubscribed", Message: wordsFor(sub).unsubscribed}
		},
		(*store.Tx).Unsubscribe)
}

package server

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"minutebook/paths"
	"minutebook/store"
)

// subscriptionWords say what a subscription is to, on the pages that
// confirm and end it.
type subscriptionWords struct {
	// what follows "Send" and "Stop sending".
	what                     string
	subscribed, unsubscribed string
}

func wordsFor(sub store.Subscription) subscriptionWords {
	const stop = " Every email has a link to stop them."
	switch sub.Topic {
	case store.TopicForwardPlan:
		return subscriptionWords{what: "new entries on the forward plan",
			subscribed:   "New entries on the forward plan of key decisions will be emailed to " + sub.Email + " when their notices are published." + stop,
			unsubscribed: "No more entries on the forward plan will be sent to " + sub.Email + "."}
	case store.TopicDecisions:
		return subscriptionWords{what: "executive decisions",
			subscribed:   "Executive decisions will be emailed to " + sub.Email + " when their records are published." + stop,
			unsubscribed: "No more executive decisions will be sent to " + sub.Email + "."}
	}
	return subscriptionWords{what: "the " + sub.Body + "'s agendas",
		subscribed:   "The " + sub.Body + "'s agendas will be emailed to " + sub.Email + " when they are published." + stop,
		unsubscribed: "No more agendas of the " + sub.Body + " will be sent to " + sub.Email + "."}
}

// subscribeTopic takes the form of the forward plan's page or the
// decisions page, with the committee subscriptions' double opt-in and
// limits.
func (s *Server) subscribeTopic(topic string) echo.HandlerFunc {
	heading, section := "Get executive decisions by email", paths.Decisions
	if topic == store.TopicForwardPlan {
		heading, section = "Get the forward plan by email", paths.ForwardPlan
	}
	return func(c echo.Context) error {
		raw := strings.TrimSpace(c.FormValue("email"))
		email, err := store.SubscriberAddress(raw)
		if err != nil {
			return s.pages.render(c, http.StatusUnprocessableEntity, "subscription", s.page(c, section, subscriptionPage{
				Heading: heading, Topic: topic, Email: raw, Errors: fieldError("email", store.ErrorMessage(err))}))
		}
		if ok, _ := s.subscribeLimit.Allowed(email, c.RealIP()); !ok {
			return s.pages.render(c, http.StatusTooManyRequests, "subscription", s.page(c, section, subscriptionPage{
				Heading: heading, Topic: topic, Email: raw,
				Errors: fieldError("email", "Too many subscription requests have come from here or for this address. Try again in an hour.")}))
		}
		s.subscribeLimit.Fail(email, c.RealIP())
		if err := s.db.Update(c.Request().Context(), func(tx *store.Tx) error { return tx.SubscribeTo(topic, email, s.mailDomain) }); err != nil {
			return err
		}
		what := "Executive decisions are"
		if topic == store.TopicForwardPlan {
			what = "Forward plan entries are"
		}
		return s.pages.render(c, http.StatusOK, "subscription", s.page(c, section, subscriptionPage{
			Heading: "Check your email",
			Message: "If " + email + " is not subscribed yet, we have sent it a link to confirm. " + what + " sent only once it is confirmed."}))
	}
}

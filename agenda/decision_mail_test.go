package agenda_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"minutebook/agenda"
	"minutebook/store"
)

const exemptWords = "Acme Ltd tendered £1,234,567"

// queued are the outbox's messages queued since it was last read, by kind
// and then address; reading them marks them sent.
func (d *decisionDesk) queued() map[string]map[string]store.OutboxMessage {
	d.t.Helper()
	msgs, err := d.db.ClaimDue(context.Background(), 1000, time.Minute)
	if err != nil {
		d.t.Fatal(err)
	}
	out := map[string]map[string]store.OutboxMessage{}
	for _, m := range msgs {
		if err := d.db.MarkSent(context.Background(), m.ID); err != nil {
			d.t.Fatal(err)
		}
		if out[m.Kind] == nil {
			out[m.Kind] = map[string]store.OutboxMessage{}
		}
		if _, twice := out[m.Kind][m.Email]; twice {
			d.t.Errorf("%s queued twice to %s", m.Kind, m.Email)
		}
		out[m.Kind][m.Email] = m
	}
	return out
}

// subscribe subscribes an address to a topic, and confirms it if asked.
func (d *decisionDesk) subscribe(topic, email string, confirm bool) {
	d.t.Helper()
	err := d.db.Update(context.Background(), func(tx *store.Tx) error {
		if err := tx.SubscribeTo(topic, email, "example.org"); err != nil {
			return err
		}
		if !confirm {
			return nil
		}
		var token string
		if err := tx.QueryRowContext(context.Background(), `SELECT confirm_token FROM subscriptions WHERE email = ? AND topic = ?`, email, topic).Scan(&token); err != nil {
			return err
		}
		return tx.ConfirmSubscription(token)
	})
	if err != nil {
		d.t.Fatal(err)
	}
}

func TestPublishingADecisionQueuesItsEmails(t *testing.T) {
	d := newDecisionDesk(t)
	ctx := context.Background()
	err := d.db.Update(ctx, func(tx *store.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO party_groups (id, name) VALUES (1, 'Conservative');
			INSERT INTO people (title, name, surname, party_group_id, email) VALUES ('Mr', 'D L Brazier', 'Brazier', 1, 'd.brazier@example.org');
			INSERT INTO people (title, name, surname, party_group_id, email) VALUES ('Ms', 'M Dawkins', 'Dawkins', 1, 'm.dawkins@example.org');
			INSERT INTO people (title, name, surname, job_title, email) VALUES ('Mrs', 'A Beer', 'Beer', 'Chief Executive', 'a.beer@example.org')`)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	d.subscribe(store.TopicForwardPlan, "planner@example.net", true)
	d.subscribe(store.TopicDecisions, "resident@example.net", true)
	d.subscribe(store.TopicDecisions, "unconfirmed@example.net", false)
	// A councillor who also subscribed gets one copy, the members'.
	d.subscribe(store.TopicDecisions, "m.dawkins@example.org", true)
	d.queued()

	d.at("2024-02-20")
	ref, err := d.agenda.CreateDecision(ctx, store.Decision{Title: "Disposal of land at Stanhope Road, Ashford",
		DecisionMaker: "Deputy Leader and Cabinet Member for Finance, Corporate and Traded Services", KeyDecision: true, KeySpending: true,
		AllDivisions: true, Contact: store.Contact{Name: "Serine Annan-Veitch"},
		ProposedDecision: "To agree the freehold disposal of the land.", Restriction: "part-exempt", ExemptParagraph: 3,
		ExemptInformation: exemptWords}, d.by)
	if err != nil {
		t.Fatal(err)
	}
	if got := d.queued(); len(got) != 0 {
		t.Errorf("a draft queued %v", got)
	}
	if err := d.agenda.PublishNotice(ctx, ref, d.by); err != nil {
		t.Fatal(err)
	}
	got := d.queued()
	plan := got[store.KindForwardPlanEntry]
	if len(plan) != 1 || len(got) != 1 {
		t.Fatalf("the notice queued %v, want one forward plan email to its subscriber", got)
	}
	entry, err := agenda.ReadDecisionMail(plan["planner@example.net"].Reason)
	if err != nil {
		t.Fatal(err)
	}
	if entry.Reference != ref || entry.Due != "Decision due: not before 20 March 2024" || entry.NoticePublishedOn != "20 February 2024" {
		t.Errorf("the forward plan email says %+v", entry)
	}

	// Published on the Thursday before Easter: Good Friday and Easter
	// Monday are not working days, so call-in runs to 8 April.
	d.at("2024-03-28")
	if err := d.take(ref, "2024-03-28"); err != nil {
		t.Fatal(err)
	}
	if got := d.queued(); len(got) != 0 {
		t.Errorf("a decision taken but not published queued %v", got)
	}
	if err := d.agenda.PublishDecisionRecord(ctx, ref, d.by); err != nil {
		t.Fatal(err)
	}
	got = d.queued()
	published := got[store.KindDecisionPublished]
	for _, want := range []string{"d.brazier@example.org", "m.dawkins@example.org", "resident@example.net"} {
		m, ok := published[want]
		if !ok {
			t.Errorf("no decision email to %s among %v", want, published)
			continue
		}
		if m.Entitled || m.DecisionID == 0 {
			t.Errorf("the email to %s: entitled %v, decision %d", want, m.Entitled, m.DecisionID)
		}
		mail, err := agenda.ReadDecisionMail(m.Reason)
		if err != nil {
			t.Fatal(err)
		}
		if mail.CallIn != "Call-in: until the end of 8 April 2024" || mail.EffectiveFrom != "9 April 2024" || mail.PublishedOn != "28 March 2024" ||
			!strings.Contains(mail.Decision, "I agree to adopt") || mail.DecisionMaker == "" {
			t.Errorf("the email to %s says %+v", want, mail)
		}
	}
	if len(published) != 3 || len(got) != 1 {
		t.Errorf("publication queued %v, want the two councillors and the confirmed subscriber", got)
	}
	if m := published["m.dawkins@example.org"]; m.Token != "" {
		t.Error("a councillor's copy carries a subscriber's unsubscribe token")
	}
	if m := published["resident@example.net"]; m.Token == "" {
		t.Error("a subscriber's copy has no unsubscribe token")
	}
	for _, byKind := range []map[string]store.OutboxMessage{plan, published} {
		for to, m := range byKind {
			if strings.Contains(m.Reason, "Acme") || strings.Contains(m.Reason, "1,234,567") {
				t.Errorf("the email to %s carries the exempt information: %s", to, m.Reason)
			}
		}
	}
}

func TestAnExceptionNoticeAndCallInExemptionAreEmailed(t *testing.T) {
	d := newDecisionDesk(t)
	ctx := context.Background()
	d.subscribe(store.TopicForwardPlan, "planner@example.net", true)
	d.subscribe(store.TopicDecisions, "resident@example.net", true)
	d.queued()
	d.at("2024-06-03")
	ref, err := d.agenda.CreateDecision(ctx, store.Decision{Title: "Emergency repairs to the Medway bridge", DecisionMaker: "Leader of the Council",
		KeyDecision: true, KeySpending: true, AllDivisions: true, Contact: store.Contact{Name: "R Spore"},
		ProposedDecision: "To let the repair contract."}, d.by)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.agenda.RecordException(ctx, ref, agenda.Exception{Kind: "special-urgency", AgreedBy: "Chairman of the Council",
		AgreedOn: mustDate(t, "2024-06-03"), Reasons: "The bridge is closed.", ExemptFromCallIn: true,
		NotCallInReason: "Any delay would keep the bridge closed."}, d.by); err != nil {
		t.Fatal(err)
	}
	plan := d.queued()[store.KindForwardPlanEntry]
	entry, err := agenda.ReadDecisionMail(plan["planner@example.net"].Reason)
	if err != nil {
		t.Fatal(err)
	}
	if entry.Exception != "Special urgency" || entry.ExceptionReasons != "The bridge is closed." ||
		entry.Due != "Decision due: from 3 June 2024 under special urgency (regulation 11), agreed by Chairman of the Council on 3 June 2024" {
		t.Errorf("the special urgency email says %+v", entry)
	}
	if err := d.take(ref, "2024-06-03"); err != nil {
		t.Fatal(err)
	}
	if err := d.agenda.PublishDecisionRecord(ctx, ref, d.by); err != nil {
		t.Fatal(err)
	}
	mail, err := agenda.ReadDecisionMail(d.queued()[store.KindDecisionPublished]["resident@example.net"].Reason)
	if err != nil {
		t.Fatal(err)
	}
	if mail.CallIn != "Not subject to call-in: Any delay would keep the bridge closed." || mail.EffectiveFrom != "3 June 2024" {
		t.Errorf("a decision exempt from call-in is emailed as %+v", mail)
	}
}

func TestAGeneralExceptionNoticeIsEmailedWithItsDate(t *testing.T) {
	d := newDecisionDesk(t)
	ctx := context.Background()
	d.subscribe(store.TopicForwardPlan, "planner@example.net", true)
	ref := d.keyNotice("2024-06-03")
	if _, ok := d.queued()[store.KindForwardPlanEntry]["planner@example.net"]; !ok {
		t.Fatal("the notice was not emailed to the forward plan's subscriber")
	}
	if err := d.agenda.RecordException(ctx, ref, agenda.Exception{Kind: "general", ChairmanInformedOn: mustDate(t, "2024-06-03"),
		Reasons: "The grant offer must be accepted by 14 June."}, d.by); err != nil {
		t.Fatal(err)
	}
	entry, err := agenda.ReadDecisionMail(d.queued()[store.KindForwardPlanEntry]["planner@example.net"].Reason)
	if err != nil {
		t.Fatal(err)
	}
	// Five clear working days after Monday 3 June: from Tuesday 11 June.
	if entry.Exception != "General exception" || entry.ExceptionReasons != "The grant offer must be accepted by 14 June." ||
		!strings.HasPrefix(entry.Due, "Decision due: not before 11 June 2024, five clear days after this notice") {
		t.Errorf("the general exception email says %+v", entry)
	}
}

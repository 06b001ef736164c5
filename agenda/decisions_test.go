package agenda_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"minutebook/agenda"
	"minutebook/dates"
	"minutebook/files"
	"minutebook/store"
)

// decisionDesk is an empty record whose clock the test sets, for the
// decision rules.
type decisionDesk struct {
	t      *testing.T
	db     *store.DB
	agenda *agenda.Agenda
	now    time.Time
	by     agenda.Actor
}

func newDecisionDesk(t *testing.T) *decisionDesk {
	t.Helper()
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	london, _ := time.LoadLocation("Europe/London")
	d := &decisionDesk{t: t, db: db, by: agenda.Actor{Name: "clerk@example.org"}}
	db.Now = func() time.Time { return d.now }
	d.at("2023-11-01")
	if d.agenda, err = agenda.New(context.Background(), agenda.Config{DB: db, Files: &files.Store{Dir: filepath.Join(dir, "files")},
		Location: london, Nation: dates.EnglandAndWales}); err != nil {
		t.Fatal(err)
	}
	return d
}

// at sets the clock to ten in the morning of day.
func (d *decisionDesk) at(day string) {
	t, err := time.Parse("2006-01-02", day)
	if err != nil {
		d.t.Fatal(err)
	}
	d.now = t.Add(10 * time.Hour)
}

func mustDate(t *testing.T, s string) dates.Date {
	t.Helper()
	d, err := dates.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// keyNotice drafts a key decision and publishes its notice on day.
func (d *decisionDesk) keyNotice(day string) string {
	d.t.Helper()
	d.at(day)
	ctx := context.Background()
	ref, err := d.agenda.CreateDecision(ctx, store.Decision{Title: "Kent and Medway Domestic Abuse Strategy 2024 – 2029",
		DecisionMaker: "Leader of the Council", KeyDecision: true, KeyDivisions: true, AllDivisions: true,
		Contact:          store.Contact{Name: "Serine Annan-Veitch", JobTitle: "Policy Advisor"},
		ProposedDecision: "The Leader of the Council is asked to adopt the strategy."}, d.by)
	if err != nil {
		d.t.Fatal(err)
	}
	if err := d.agenda.PublishNotice(ctx, ref, d.by); err != nil {
		d.t.Fatal(err)
	}
	return ref
}

func (d *decisionDesk) decision(ref string) store.Decision {
	d.t.Helper()
	dc, err := d.db.Decision(context.Background(), ref)
	if err != nil {
		d.t.Fatal(err)
	}
	return dc
}

func (d *decisionDesk) take(ref, on string) error {
	return d.agenda.RecordDecisionTaken(context.Background(), ref, agenda.Taken{
		Decision: "As Leader of the Council, I agree to adopt the strategy.", DecidedOn: mustDate(d.t, on),
		Reasons: "The strategy meets the statutory duty."}, d.by)
}

// The seed's decision 23/00097: notice 1 November 2023, not before 30
// November 2023; taken and published 23 February 2024, effective from
// 2 March 2024.
func TestDecisionDatesAsTheSeedRecordHasThem(t *testing.T) {
	d := newDecisionDesk(t)
	ref := d.keyNotice("2023-11-01")
	if ref != "23/00001" {
		t.Errorf("first reference of 2023 = %s, want 23/00001", ref)
	}
	dd := d.agenda.DecisionDates(d.decision(ref))
	if dd.DecideFrom.String() != "2023-11-30" {
		t.Errorf("not before %s, want 2023-11-30", dd.DecideFrom)
	}

	d.at("2023-11-29")
	err := d.take(ref, "2023-11-29")
	if store.ErrorField(err) != "decided-on" || !strings.Contains(err.Error(), "30 November 2023") {
		t.Fatalf("a key decision a day early: %v, want refused naming 30 November 2023", err)
	}
	if got := d.decision(ref); got.State != "notice" || got.DecidedOn != "" {
		t.Errorf("a refused decision changed the record: state %s, decided %q", got.State, got.DecidedOn)
	}

	d.at("2024-02-23")
	if err := d.take(ref, "2024-02-23"); err != nil {
		t.Fatal(err)
	}
	if err := d.agenda.PublishDecisionRecord(context.Background(), ref, d.by); err != nil {
		t.Fatal(err)
	}
	got := d.decision(ref)
	dd = d.agenda.DecisionDates(got)
	if got.PublishedOn != "2024-02-23" || got.EffectiveFrom != "2024-03-02" || dd.CallInEnds.String() != "2024-03-01" {
		t.Errorf("published %s, call-in ends %s, effective %s; want 2024-02-23, 2024-03-01, 2024-03-02",
			got.PublishedOn, dd.CallInEnds, got.EffectiveFrom)
	}
	if s := d.agenda.DecisionStatus(got); s != "Recommendations Approved (subject to call-in)" {
		t.Errorf("status in the call-in period = %q", s)
	}
	d.at("2024-03-02")
	if s := d.agenda.DecisionStatus(got); s != "Recommendations Approved" {
		t.Errorf("status once effective = %q, the seed's", s)
	}
}

func TestCallInPeriodSkipsBankHolidays(t *testing.T) {
	d := newDecisionDesk(t)
	cases := []struct{ published, ends, effective string }{
		// Good Friday and Easter Monday 2024.
		{"2024-03-28", "2024-04-08", "2024-04-09"},
		// Christmas, Boxing Day and New Year's Day.
		{"2024-12-23", "2025-01-02", "2025-01-03"},
		// The coronation bank holiday, Monday 8 May 2023, and the early
		// May bank holiday the Monday before.
		{"2023-04-28", "2023-05-09", "2023-05-10"},
	}
	for _, c := range cases {
		ref := d.keyNotice(c.published)
		dc := d.decision(ref)
		dc.KeyDecision, dc.KeyDivisions = false, false
		// A non-key decision needs no notice period.
		if err := d.db.Update(context.Background(), func(tx *store.Tx) error { return tx.SaveDecision(dc) }); err != nil {
			t.Fatal(err)
		}
		if err := d.take(ref, c.published); err != nil {
			t.Fatal(err)
		}
		if err := d.agenda.PublishDecisionRecord(context.Background(), ref, d.by); err != nil {
			t.Fatal(err)
		}
		got := d.decision(ref)
		if ends := d.agenda.DecisionDates(got).CallInEnds.String(); ends != c.ends || got.EffectiveFrom != c.effective {
			t.Errorf("published %s: call-in ends %s, effective %s; want %s, %s", c.published, ends, got.EffectiveFrom, c.ends, c.effective)
		}
	}
	// The 28 days of a key decision's notice are calendar days, holidays
	// and all.
	ref := d.keyNotice("2024-12-20")
	if nb := d.agenda.DecisionDates(d.decision(ref)).DecideFrom.String(); nb != "2025-01-18" {
		t.Errorf("notice 20 December 2024: not before %s, want 2025-01-18", nb)
	}
}

func TestGeneralExceptionAllowsAKeyDecisionAfterFiveClearDays(t *testing.T) {
	d := newDecisionDesk(t)
	ctx := context.Background()
	ref := d.keyNotice("2024-05-20")
	err := d.agenda.RecordException(ctx, ref, agenda.Exception{Kind: "general"}, d.by)
	if list, ok := err.(store.FieldErrorList); !ok || len(list) != 2 {
		t.Fatalf("a general exception with nothing filled in: %v, want two field errors", err)
	}
	if err := d.agenda.RecordException(ctx, ref, agenda.Exception{Kind: "general", ChairmanInformedOn: mustDate(t, "2024-05-20"),
		Reasons: "The grant offer must be accepted by 31 May 2024."}, d.by); err != nil {
		t.Fatal(err)
	}
	got := d.decision(ref)
	if got.ExceptionNoticePublishedOn != "2024-05-20" {
		t.Errorf("exception notice published %q, want today", got.ExceptionNoticePublishedOn)
	}
	// Five working days after Monday 20 May 2024, with the spring bank
	// holiday on Monday 27 May: the first day is Wednesday 29 May.
	if from := d.agenda.DecisionDates(got).ExceptionFrom.String(); from != "2024-05-29" {
		t.Errorf("general exception from %s, want 2024-05-29", from)
	}
	d.at("2024-05-28")
	if err := d.take(ref, "2024-05-28"); store.ErrorField(err) != "decided-on" || !strings.Contains(err.Error(), "29 May 2024") {
		t.Errorf("taken on the fifth day: %v, want refused naming 29 May 2024", err)
	}
	d.at("2024-05-29")
	if err := d.take(ref, "2024-05-29"); err != nil {
		t.Errorf("taken after five clear days: %v", err)
	}
}

func TestSpecialUrgencyCanTakeADecisionOutOfCallIn(t *testing.T) {
	d := newDecisionDesk(t)
	ctx := context.Background()
	ref := d.keyNotice("2024-06-03")
	if err := d.take(ref, "2024-06-03"); store.ErrorField(err) != "decided-on" {
		t.Fatalf("a key decision on its notice day: %v, want refused", err)
	}
	err := d.agenda.RecordException(ctx, ref, agenda.Exception{Kind: "special-urgency", AgreedBy: "Mr A Chairman, Chairman of the Scrutiny Committee",
		AgreedOn: mustDate(t, "2024-06-03"), Reasons: "The contract ends on Friday.", ExemptFromCallIn: true}, d.by)
	if store.ErrorField(err) != "not-call-in-reason" {
		t.Fatalf("exempt from call-in without a reason: %v", err)
	}
	if err := d.agenda.RecordException(ctx, ref, agenda.Exception{Kind: "special-urgency", AgreedBy: "Mr A Chairman, Chairman of the Scrutiny Committee",
		AgreedOn: mustDate(t, "2024-06-03"), Reasons: "The contract ends on Friday.", ExemptFromCallIn: true,
		NotCallInReason: "Any delay would leave the service without a provider."}, d.by); err != nil {
		t.Fatal(err)
	}
	if err := d.take(ref, "2024-06-03"); err != nil {
		t.Fatalf("an urgent decision the day urgency was agreed: %v", err)
	}
	if err := d.agenda.PublishDecisionRecord(ctx, ref, d.by); err != nil {
		t.Fatal(err)
	}
	got := d.decision(ref)
	if got.SubjectToCallIn || got.EffectiveFrom != "2024-06-03" {
		t.Errorf("subject to call-in %v, effective %s; want not, and effective at once", got.SubjectToCallIn, got.EffectiveFrom)
	}
	err = d.agenda.RecordCallIn(ctx, ref, agenda.CallIn{On: mustDate(t, "2024-06-03"), By: "Mr Hook", Reasons: "Why?"}, d.by)
	if store.ErrorCode(err) != store.ECONFLICT || !strings.Contains(err.Error(), "provider") {
		t.Errorf("call-in of a decision exempt from it: %v, want refused with the reason", err)
	}
}

func TestCallInHoldsADecisionUntilItsOutcome(t *testing.T) {
	d := newDecisionDesk(t)
	ctx := context.Background()
	ref := d.keyNotice("2024-01-02")
	d.at("2024-02-23")
	if err := d.take(ref, "2024-02-23"); err != nil {
		t.Fatal(err)
	}
	if err := d.agenda.PublishDecisionRecord(ctx, ref, d.by); err != nil {
		t.Fatal(err)
	}
	d.at("2024-03-04")
	late := agenda.CallIn{On: mustDate(t, "2024-03-02"), By: "Mr Hook\nMr Brady", Reasons: "The consultation was too short."}
	if err := d.agenda.RecordCallIn(ctx, ref, late, d.by); store.ErrorField(err) != "called-in-on" {
		t.Errorf("call-in after the period: %v, want refused", err)
	}
	inTime := late
	inTime.On = mustDate(t, "2024-03-01")
	if err := d.agenda.RecordCallIn(ctx, ref, inTime, d.by); err != nil {
		t.Fatal(err)
	}
	got := d.decision(ref)
	if got.EffectiveFrom != "" || d.agenda.DecisionStatus(got) != "Called in" {
		t.Errorf("called in: effective %q, status %q", got.EffectiveFrom, d.agenda.DecisionStatus(got))
	}
	if err := d.agenda.RecordCallInOutcome(ctx, ref, agenda.CallInOutcome{Outcome: "no-further-action",
		On: mustDate(t, "2024-03-04"), EffectiveFrom: mustDate(t, "2024-03-03")}, d.by); store.ErrorField(err) != "effective-from" {
		t.Errorf("effective before the outcome: %v, want refused", err)
	}
	if err := d.agenda.RecordCallInOutcome(ctx, ref, agenda.CallInOutcome{Outcome: "no-further-action",
		On: mustDate(t, "2024-03-04"), EffectiveFrom: mustDate(t, "2024-03-04")}, d.by); err != nil {
		t.Fatal(err)
	}
	got = d.decision(ref)
	if got.EffectiveFrom != "2024-03-04" || d.agenda.DecisionStatus(got) != "Recommendations Approved" {
		t.Errorf("after the call-in: effective %q, status %q", got.EffectiveFrom, d.agenda.DecisionStatus(got))
	}
	log, err := d.db.AuditLog(ctx, 20)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range log {
		if e.Subject == "decision "+ref {
			actions = append(actions, e.Action)
		}
	}
	if want := "decision call-in outcome,decision called in,decision published,decision taken,decision notice published,decision drafted"; strings.Join(actions, ",") != want {
		t.Errorf("audit log %v, want %s", actions, want)
	}
}

func TestDecisionNoticeNeedsWhatThePublicReads(t *testing.T) {
	d := newDecisionDesk(t)
	ctx := context.Background()
	_, err := d.agenda.CreateDecision(ctx, store.Decision{DecisionMaker: "Cabinet", DecisionMakerKind: "body"}, d.by)
	list, ok := err.(store.FieldErrorList)
	if !ok || len(list) != 2 || list[0].Field != "title" || list[1].Field != "body" {
		t.Fatalf("draft without title or body: %v", err)
	}
	ref, err := d.agenda.CreateDecision(ctx, store.Decision{Title: "Highways term contract", DecisionMaker: "Cabinet Member for Highways",
		KeyDecision: true, KeySpending: true, Restriction: "part-exempt", ExemptParagraph: 3}, d.by)
	if err != nil {
		t.Fatal(err)
	}
	err = d.agenda.PublishNotice(ctx, ref, d.by)
	if list, ok := err.(store.FieldErrorList); !ok || len(list) != 3 {
		t.Errorf("publishing a notice with no proposed decision, contact or divisions: %v", err)
	}
	if d.decision(ref).State != "draft" {
		t.Error("a refused notice was published")
	}
}

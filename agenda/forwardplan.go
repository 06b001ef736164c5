package agenda

import (
	"context"
	"sort"

	"minutebook/dates"
	"minutebook/store"
)

// newNoticeDays is how long a forward plan entry is marked "New".
const newNoticeDays = 28

// ForwardPlanEntry is one key decision on the forward plan.
type ForwardPlanEntry struct {
	Decision store.Decision
	// NoticePublishedOn is the notice the entry rests on: the exception's
	// notice for an entry under an exception.
	NoticePublishedOn dates.Date
	// NotBefore is the first day the decision can be taken.
	NotBefore dates.Date
	Status    string
	// New is true for a notice published in the last 28 days.
	New bool
}

// ForwardPlanGroup is the entries that can be taken from one day.
type ForwardPlanGroup struct {
	NotBefore dates.Date
	Entries   []ForwardPlanEntry
}

// ForwardPlan is the list of forthcoming key decisions: by the day they
// can be taken from, with the exceptions under their own headings.
type ForwardPlan struct {
	Groups           []ForwardPlanGroup
	GeneralException []ForwardPlanEntry
	SpecialUrgency   []ForwardPlanEntry
}

// Entries are every entry of the plan, in the plan's order.
func (p ForwardPlan) Entries() []ForwardPlanEntry {
	var out []ForwardPlanEntry
	for _, g := range p.Groups {
		out = append(out, g.Entries...)
	}
	out = append(out, p.GeneralException...)
	return append(out, p.SpecialUrgency...)
}

// ForwardPlanFilter narrows the plan; empty fields let everything through.
type ForwardPlanFilter struct {
	DecisionMaker string
	Division      string
}

// ForwardPlan is the public forward plan today: key decisions whose notice
// is published and which are not yet taken. Its decisions are the public
// view (store.Decision.Public).
func (a *Agenda) ForwardPlan(ctx context.Context, f ForwardPlanFilter) (ForwardPlan, error) {
	list, err := a.db.Decisions(ctx, store.DecisionFilter{States: []string{"notice", "deferred"}, KeyOnly: true,
		DecisionMaker: f.DecisionMaker, Division: f.Division})
	if err != nil {
		return ForwardPlan{}, err
	}
	today := a.Today()
	var plan ForwardPlan
	byDay := map[dates.Date]int{}
	for _, d := range list.Decisions {
		dd := a.DecisionDates(d)
		e := ForwardPlanEntry{Decision: d.Public(), NotBefore: dd.DecideFrom, Status: a.DecisionStatus(d)}
		e.NoticePublishedOn, _ = day(d.NoticePublishedOn)
		switch d.Exception {
		case "general":
			e.NoticePublishedOn, _ = day(d.ExceptionNoticePublishedOn)
			e.NotBefore = dd.ExceptionFrom
		case "special-urgency":
			e.NoticePublishedOn, _ = day(d.ExceptionNoticePublishedOn)
			e.NotBefore = e.NoticePublishedOn
		}
		e.New = !e.NoticePublishedOn.IsZero() && dates.DaysBetween(e.NoticePublishedOn, today) < newNoticeDays
		switch d.Exception {
		case "general":
			plan.GeneralException = append(plan.GeneralException, e)
		case "special-urgency":
			plan.SpecialUrgency = append(plan.SpecialUrgency, e)
		default:
			i, ok := byDay[e.NotBefore]
			if !ok {
				i = len(plan.Groups)
				byDay[e.NotBefore] = i
				plan.Groups = append(plan.Groups, ForwardPlanGroup{NotBefore: e.NotBefore})
			}
			plan.Groups[i].Entries = append(plan.Groups[i].Entries, e)
		}
	}
	sort.SliceStable(plan.Groups, func(i, j int) bool { return plan.Groups[i].NotBefore.Before(plan.Groups[j].NotBefore) })
	for _, g := range plan.Groups {
		sort.SliceStable(g.Entries, func(i, j int) bool { return g.Entries[i].Decision.Reference < g.Entries[j].Decision.Reference })
	}
	return plan, nil
}

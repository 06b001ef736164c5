package agenda

import (
	"fmt"
	"strings"

	"minutebook/dates"
	"minutebook/store"
)

// DeadlineRules are the three statutory date rules a clerk can ask about,
// keyed by the query parameter that gives the starting date.
var DeadlineRules = []struct {
	Param, Answer string
	apply         func(*dates.Calendar, dates.Date) dates.Date
}{
	{"meeting", "publish_by", func(c *dates.Calendar, d dates.Date) dates.Date { return c.PublishBy(d, dates.WorkingDays) }},
	{"decision_published", "effective_from", (*dates.Calendar).EffectiveFrom},
	{"key_decision_notice", "decide_from", func(_ *dates.Calendar, d dates.Date) dates.Date { return dates.KeyDecisionFrom(d) }},
}

// Deadline applies the one rule named in params (meeting,
// decision_published or key_decision_notice, each YYYY-MM-DD) by the
// calendar and returns the date given and the date it yields, as the
// deadlines API and command answer.
func Deadline(cal *dates.Calendar, params map[string]string) (map[string]string, error) {
	var given []string
	for _, r := range DeadlineRules {
		if params[r.Param] != "" {
			given = append(given, r.Param)
		}
	}
	if len(given) != 1 {
		names := make([]string, len(DeadlineRules))
		for i, r := range DeadlineRules {
			names[i] = r.Param + "=YYYY-MM-DD"
		}
		return nil, store.Errorf(store.EINVALID, "Give exactly one of %s.", strings.Join(names, ", "))
	}
	for _, r := range DeadlineRules {
		if r.Param != given[0] {
			continue
		}
		d, err := dates.ParseDate(params[r.Param])
		if err != nil {
			return nil, store.Errorf(store.EINVALID, "%s: %s", r.Param, err.Error())
		}
		return map[string]string{r.Param: d.String(), r.Answer: r.apply(cal, d).String()}, nil
	}
	return nil, fmt.Errorf("unreachable")
}

package store

import (
	"context"
	"fmt"
	"testing"
	"time"
)

func TestNextDecisionReferenceRunsOnWithinTheYear(t *testing.T) {
	db, err := Open(t.TempDir() + "/minutebook.db")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var refs []string
	err = db.Update(context.Background(), func(tx *Tx) error {
		for _, year := range []int{2023, 2023, 2024, 2023} {
			ref, err := tx.NextDecisionReference(year)
			if err != nil {
				return err
			}
			if _, err := tx.CreateDecision(Decision{Reference: ref, Title: "Highways term contract", DecisionMaker: "Cabinet"}); err != nil {
				return err
			}
			refs = append(refs, ref)
		}
		_, err := tx.CreateDecision(Decision{Reference: "23/00002", Title: "Again", DecisionMaker: "Cabinet"})
		if ErrorCode(err) != ECONFLICT {
			t.Errorf("a reference used twice: %v, want a conflict", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(refs) != "[23/00001 23/00002 24/00001 23/00003]" {
		t.Errorf("references %v", refs)
	}
}

// BenchmarkDecisions reads pages of a 20-year register of 12,000
// decisions, the way /decisions and the forward plan ask.
func BenchmarkDecisions(b *testing.B) {
	db, err := Open(b.TempDir() + "/minutebook.db")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	makers := []string{"Leader of the Council", "Cabinet Member for Highways and Transport", "Cabinet", "Corporate Director of Finance"}
	start := time.Date(2006, 1, 2, 0, 0, 0, 0, time.UTC)
	err = db.Update(ctx, func(tx *Tx) error {
		for i := 0; i < 12_000; i++ {
			published := start.AddDate(0, 0, i*20/12)
			d := Decision{Reference: fmt.Sprintf("%02d/%05d", published.Year()%100, i+1), Title: fmt.Sprintf("Decision %d on the highways term contract", i),
				DecisionMaker: makers[i%len(makers)], KeyDecision: i%3 == 0, KeyDivisions: i%3 == 0, AllDivisions: true,
				State: "published", NoticePublishedOn: published.AddDate(0, 0, -40).Format("2006-01-02"),
				DecidedOn: published.Format("2006-01-02"), PublishedOn: published.Format("2006-01-02"), SubjectToCallIn: true,
				ProposedDecision: "To agree the contract.", Decision: "I agree the contract."}
			if i >= 11_950 {
				d.State, d.DecidedOn, d.PublishedOn = "notice", "", ""
			}
			if _, err := tx.CreateDecision(d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		f    DecisionFilter
	}{
		{"newest page", DecisionFilter{States: []string{"published"}, Limit: 20}},
		{"page 500", DecisionFilter{States: []string{"published"}, Limit: 20, Offset: 499 * 20}},
		{"key in one year", DecisionFilter{States: []string{"published"}, KeyOnly: true, PublishedFrom: "2015-01-01", PublishedTo: "2015-12-31", Limit: 20}},
		{"one decision maker", DecisionFilter{States: []string{"published"}, DecisionMaker: "Cabinet", Limit: 20}},
		{"forward plan", DecisionFilter{States: []string{"notice", "deferred"}, KeyOnly: true}},
	} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := db.Decisions(ctx, c.f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("one by reference", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := db.Decision(ctx, "15/05000"); err != nil && ErrorCode(err) != ENOTFOUND {
				b.Fatal(err)
			}
		}
	})
}

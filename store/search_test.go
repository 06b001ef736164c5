package store

import (
	"context"
	"fmt"
	"testing"
	"time"
)

func TestSearchQueryNeverPassesSyntaxThrough(t *testing.T) {
	for typed, want := range map[string]string{
		"Invicta House":         `"Invicta" "House"*`,
		`"budget" OR NEAR(x`:    `"budget" "OR" "NEAR" "x"`,
		"title:secret":          `"title" "secret"*`,
		"  ":                    "",
		"a b":                   `"a" "b"`,
		"Café domestic-abuse 1": `"Café" "domestic" "abuse" "1"`,
	} {
		if got := SearchQuery(typed); got != want {
			t.Errorf("SearchQuery(%q) = %s, want %s", typed, got, want)
		}
	}
}

// BenchmarkSearch searches an archive of 1,000 meetings' published minutes
// (32,000 paragraphs) for words in every paragraph, the worst case, and for
// a rare one.
func BenchmarkSearch(b *testing.B) {
	db, err := Open(b.TempDir() + "/minutebook.db")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	err = db.Update(ctx, func(tx *Tx) error {
		bodyID, err := tx.CreateBody(Body{Name: "Scrutiny Committee", Type: "scrutiny", Seats: 12, Quorum: 4})
		if err != nil {
			return err
		}
		minute := 1
		for m := range 1000 {
			mid, err := tx.CreateMeeting(Meeting{BodyID: bodyID, StartsAt: time.Date(2005, 1, 1, 10, 0, 0, 0, time.UTC).AddDate(0, 0, 7*m)})
			if err != nil {
				return err
			}
			set, err := tx.CreateMinuteSet(mid, 1)
			if err != nil {
				return err
			}
			for i := range 8 {
				item, err := tx.AddMinuteItem(set, MinuteItem{Number: minute, Title: fmt.Sprintf("Item %d", i+1)}, i+1)
				if err != nil {
					return err
				}
				for p := range 4 {
					text := fmt.Sprintf("Members discussed report %d and asked about its financial implications, which officers answered.", minute)
					if _, err := tx.AddParagraph(item, Paragraph{Kind: "text", Numbered: true, Markdown: text}, p+1); err != nil {
						return err
					}
				}
				minute++
			}
			if err := tx.SetMinutesStatus(set, "unconfirmed"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{"financial implications", "report 4321"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				hits, err := db.Search(ctx, q, 50)
				if err != nil || len(hits) == 0 {
					b.Fatalf("%v %d", err, len(hits))
				}
			}
		})
	}
}

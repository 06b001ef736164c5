// Command archive measures how fast the pages people use answer on a
// council's 20-year archive: it builds one (a dozen committees meeting
// eleven times a year, each meeting with its agenda and minutes) and times
// each page over real HTTP.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"time"

	"minutebook/agenda"
	"minutebook/dates"
	"minutebook/files"
	"minutebook/server"
	"minutebook/store"
)

func main() {
	years := flag.Int("years", 20, "years of meetings")
	bodies := flag.Int("bodies", 12, "committees")
	runs := flag.Int("n", 50, "requests per page")
	flag.Parse()
	dir, err := os.MkdirTemp("", "minutebook-archive-*")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	db, err := store.Open(filepath.Join(dir, "archive.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	loc, _ := time.LoadLocation("Europe/London")
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, loc)
	start := time.Now()
	meetings, paragraphs, err := build(db, *years, *bodies, now, loc)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("archive: %d committees, %d meetings, %d minute paragraphs over %d years, built in %.1f s\n",
		*bodies, meetings, paragraphs, *years, time.Since(start).Seconds())

	db.Now = func() time.Time { return now }
	ag, err := agenda.New(context.Background(), agenda.Config{DB: db, Files: &files.Store{Dir: filepath.Join(dir, "files")}, Location: loc, Nation: dates.EnglandAndWales})
	if err != nil {
		log.Fatal(err)
	}
	srv, err := server.New(server.Config{DB: db, Agenda: ag, Council: "Kent County Council", Files: filepath.Join(dir, "files")})
	if err != nil {
		log.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	pages := []string{"/", "/committees", "/committees/1", "/meetings?year=2015", "/meetings/100", "/people/1", "/deadlines",
		"/search?q=financial+implications", "/search?q=report+20000", "/api/v1/committees/1", "/api/v1/meetings?committee=1&from=2010-01-01&to=2014-12-31", "/api/v1/meetings/100"}
	fmt.Printf("%-58s %8s %8s %8s\n", "page", "median", "p95", "bytes")
	for _, p := range pages {
		var times []time.Duration
		var size int
		for i := 0; i < *runs; i++ {
			t0 := time.Now()
			resp, err := http.Get(ts.URL + p)
			if err != nil {
				log.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				log.Fatalf("%s: %d %s", p, resp.StatusCode, b)
			}
			times = append(times, time.Since(t0))
			size = len(b)
		}
		sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
		fmt.Printf("%-58s %6.1fms %6.1fms %8d\n", p, ms(times[len(times)/2]), ms(times[len(times)*95/100]), size)
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// build writes the archive in one transaction per committee.
func build(db *store.DB, years, bodies int, now time.Time, loc *time.Location) (meetings, paragraphs int, err error) {
	ctx := context.Background()
	var people []int64
	err = db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.SetSetting("council_name", "Kent County Council"); err != nil {
			return err
		}
		for i := 0; i < 400; i++ {
			id, err := tx.CreatePerson(store.Person{Title: "Mr", Name: fmt.Sprintf("A B Member%03d", i), Surname: fmt.Sprintf("Member%03d", i)}, 0)
			if err != nil {
				return err
			}
			people = append(people, id)
		}
		return nil
	})
	if err != nil {
		return 0, 0, err
	}
	first := now.Year() - years
	for b := 0; b < bodies; b++ {
		err = db.Update(ctx, func(tx *store.Tx) error {
			bodyID, err := tx.CreateBody(store.Body{Name: fmt.Sprintf("Committee %02d", b+1), Type: "cabinet-committee", Seats: 15, Venue: "Council Chamber"})
			if err != nil {
				return err
			}
			for s := 0; s < 15; s++ {
				role := "member"
				if s == 0 {
					role = "chairman"
				}
				if _, err := tx.AddMembership(bodyID, people[(b*15+s)%len(people)], role, s, fmt.Sprintf("%d-05-01", first)); err != nil {
					return err
				}
			}
			minute := 1
			for y := first; y <= now.Year(); y++ {
				for month := 1; month <= 11; month++ {
					at := time.Date(y, time.Month(month), 10+b%10, 10, 0, 0, 0, loc)
					status := "held"
					if at.After(now) {
						status = "scheduled"
					}
					mid, err := tx.CreateMeeting(store.Meeting{BodyID: bodyID, StartsAt: at, Venue: "Council Chamber", Status: status})
					if err != nil {
						return err
					}
					meetings++
					var items []int64
					for i := 1; i <= 10; i++ {
						id, err := tx.AddAgendaItem(store.AgendaItem{MeetingID: mid, Position: i, Number: fmt.Sprint(i), Title: fmt.Sprintf("Item %d of the agenda", i), PageFrom: i*4 - 3, PageTo: i * 4})
						if err != nil {
							return err
						}
						items = append(items, id)
					}
					if status != "held" {
						continue
					}
					for s := 0; s < 12; s++ {
						kind := "present"
						if s >= 10 {
							kind = "apologies"
						}
						if err := tx.AddAttendance(mid, store.Attendee{Person: store.Person{ID: people[(b*15+s)%len(people)]}, Kind: kind}, s); err != nil {
							return err
						}
					}
					set, err := tx.CreateMinuteSet(mid, 1)
					if err != nil {
						return err
					}
					for i := 0; i < 8; i++ {
						itemID, err := tx.AddMinuteItem(set, store.MinuteItem{Number: minute, AgendaItemID: items[i], Title: fmt.Sprintf("Item %d of the agenda", i+1)}, i+1)
						if err != nil {
							return err
						}
						minute++
						for p := 1; p <= 4; p++ {
							kind := "text"
							if p == 4 {
								kind = "resolution"
							}
							if _, err := tx.AddParagraph(itemID, store.Paragraph{Kind: kind, Numbered: true,
								Markdown: fmt.Sprintf("Members discussed report %d and asked questions about its financial implications, which officers answered.", minute)}, p); err != nil {
								return err
							}
							paragraphs++
						}
					}
					// Published, as an archive's minutes are: the pages and the
					// search show them.
					if err := tx.SetMinutesStatus(set, "unconfirmed"); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return 0, 0, err
		}
	}
	return meetings, paragraphs, nil
}

// Command pack times building a members' agenda pack of 20 papers and 300
// pages and compares it with merging the same papers with qpdf.
//
//	go run ./bench/pack [-n 5] [-keep]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"minutebook/pack"
)

func main() {
	runs := flag.Int("n", 5, "builds to time")
	keep := flag.Bool("keep", false, "keep the papers and the pack")
	flag.Parse()
	log.SetFlags(0)

	dir, err := os.MkdirTemp("", "pack-bench-")
	if err != nil {
		log.Fatal(err)
	}
	if *keep {
		log.Printf("files in %s", dir)
	} else {
		defer func() { _ = os.RemoveAll(dir) }()
	}

	m, paths, pages, err := makeMeeting(dir)
	if err != nil {
		log.Fatal(err)
	}

	var times []time.Duration
	var res pack.Result
	for range *runs {
		start := time.Now()
		res, err = build(m, filepath.Join(dir, "pack.pdf"))
		if err != nil {
			log.Fatal(err)
		}
		times = append(times, time.Since(start))
	}
	packTime := median(times)

	line := fmt.Sprintf("pack: %d papers, %d pages -> %d pages in %.2f s (median of %d)",
		len(paths), pages, res.Pages, packTime.Seconds(), *runs)
	if _, err := exec.LookPath("qpdf"); err != nil {
		fmt.Println(line + "; qpdf not installed, no comparison")
		return
	}
	var qtimes []time.Duration
	for range *runs {
		args := append([]string{"--empty", "--pages"}, paths...)
		args = append(args, "--", filepath.Join(dir, "qpdf.pdf"))
		start := time.Now()
		if out, err := exec.Command("qpdf", args...).CombinedOutput(); err != nil {
			log.Fatalf("qpdf: %v\n%s", err, out)
		}
		qtimes = append(qtimes, time.Since(start))
	}
	qpdfTime := median(qtimes)
	fmt.Printf("%s; qpdf merge: %.2f s; ratio %.1f\n", line, qpdfTime.Seconds(), packTime.Seconds()/qpdfTime.Seconds())
}

func build(m pack.Meeting, path string) (pack.Result, error) {
	f, err := os.Create(path)
	if err != nil {
		return pack.Result{}, err
	}
	res, err := pack.Build(context.Background(), m, pack.Options{Kind: pack.Members}, f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return res, err
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// pageCounts are the 20 papers' lengths: 300 pages, from a one-page note to
// a 40-page strategy.
var pageCounts = []int{4, 18, 6, 1, 12, 25, 3, 9, 40, 2, 14, 7, 22, 5, 11, 30, 8, 16, 27, 40}

// makeMeeting writes the papers and returns a meeting with one paper per
// item, the last three items in Part 2.
func makeMeeting(dir string) (pack.Meeting, []string, int, error) {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		loc = time.UTC
	}
	m := pack.Meeting{
		Council:         "Kent County Council",
		Committee:       "Policy and Resources Cabinet Committee",
		StartsAt:        time.Date(2025, 1, 15, 10, 0, 0, 0, loc),
		Venue:           "Council Chamber, Sessions House, County Hall, Maidstone",
		AskFor:          "Emily Kennedy",
		Telephone:       "03000 419625",
		Email:           "emily.kennedy@kent.gov.uk",
		MembershipTotal: 3,
		Membership:      []pack.Group{{Name: "Conservative", Members: []string{"Mr D L Brazier (Chairman)", "Mr M Dendor (Vice-Chairman)"}}, {Name: "Labour", Members: []string{"Mr A Brady"}}},
		PublishedOn:     time.Date(2025, 1, 7, 9, 0, 0, 0, loc),
		Signatory:       pack.Signatory{Name: "Ben Watts", JobTitle: "General Counsel", Telephone: "03000 416814"},
	}
	var paths []string
	total := 0
	for i, n := range pageCounts {
		title := fmt.Sprintf("Report %d", i+1)
		path := filepath.Join(dir, fmt.Sprintf("paper%02d.pdf", i+1))
		if err := writePaper(path, title, n); err != nil {
			return m, nil, 0, err
		}
		it := pack.Item{Number: fmt.Sprint(i + 1), Title: title, Part: 1, Papers: []pack.Paper{{Title: title, Path: path}}}
		if i >= len(pageCounts)-3 {
			it.Part, it.ExemptParagraph = 2, 3
		}
		m.Items = append(m.Items, it)
		paths = append(paths, path)
		total += n
	}
	return m, paths, total, nil
}

// writePaper writes a report of exactly pages pages with pack.WriteDocument,
// searching for the number of sections that fills them.
func writePaper(path, title string, pages int) error {
	doc := func(sections int) pack.Document {
		// Varied prose, so that the content compresses like a real report's.
		r := rand.New(rand.NewPCG(uint64(pages), 7))
		d := pack.Document{Title: title, Header: [][2]string{{"From:", "Ben Watts, General Counsel"}, {"Classification:", "Unrestricted"}}}
		for s := 1; s <= sections; s++ {
			d.Sections = append(d.Sections, pack.Section{
				Heading: fmt.Sprintf("%d. %s", s, sentence(r, 5)),
				Body:    []pack.Paragraph{{Text: sentence(r, 70)}, {Text: sentence(r, 50)}},
			})
		}
		return d
	}
	count := func(sections int) (int, error) {
		if err := writeFile(path, doc(sections)); err != nil {
			return 0, err
		}
		return pack.Check(path)
	}
	lo, hi := 1, 8*pages
	for lo < hi {
		mid := (lo + hi) / 2
		n, err := count(mid)
		if err != nil {
			return err
		}
		if n < pages {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	n, err := count(lo)
	if err != nil {
		return err
	}
	if n != pages {
		return fmt.Errorf("%s: made %d pages, wanted %d", title, n, pages)
	}
	return nil
}

var vocabulary = strings.Fields(`the council committee budget report cabinet member officer
	service county strategy performance risk capital revenue savings pressure children adult social
	care highways schools consultation proposal decision recommendation year quarter target indicator
	financial plan medium-term domestic abuse partnership delivery contract procurement property asset
	and of to in for on with by that is are will be has have was were which this these approved noted`)

// sentence makes n words of council prose.
func sentence(r *rand.Rand, n int) string {
	words := make([]string, n)
	for i := range words {
		words[i] = vocabulary[r.IntN(len(vocabulary))]
	}
	words[0] = strings.ToUpper(words[0][:1]) + words[0][1:]
	return strings.Join(words, " ") + "."
}

func writeFile(path string, d pack.Document) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	err = pack.WriteDocument(io.Writer(f), d)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

package pack

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// writePaper writes a paper of exactly pages pages whose every page names the
// paper, so that tests can find its text in a pack.
func writePaper(t testing.TB, path, marker string, pages int, letter bool) {
	t.Helper()
	c := &canvas{}
	if letter {
		c.w, c.h = letterW, letterH
	}
	_, h := c.size()
	for i := 1; i <= pages; i++ {
		c.newPage()
		c.text(bold, 16, marginLeft, h-90, marker)
		c.text(regular, 11, marginLeft, h-120, fmt.Sprintf("%s sheet %d of %d", marker, i, pages))
		for j := 0; j < 30; j++ {
			c.text(regular, 10, marginLeft, h-150-float64(j)*16, "The committee is asked to note the report and to comment on the proposals set out in it.")
		}
	}
	ctx, err := c.context()
	if err != nil {
		t.Fatal(err)
	}
	if err := setDocInfo(ctx, marker); err != nil {
		t.Fatal(err)
	}
	if err := api.WriteContextFile(ctx, path); err != nil {
		t.Fatal(err)
	}
}

func london(t testing.TB) *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// sampleMeeting is modelled on the Policy and Resources Cabinet Committee of
// 15 January 2025. pages gives each paper's page count by item number.
func sampleMeeting(t testing.TB, dir string, pages map[string][]int) Meeting {
	t.Helper()
	loc := london(t)
	m := Meeting{
		Council:         "Kent County Council",
		Committee:       "Policy and Resources Cabinet Committee",
		StartsAt:        time.Date(2025, 1, 15, 10, 0, 0, 0, loc),
		Venue:           "Council Chamber, Sessions House, County Hall, Maidstone",
		AskFor:          "Emily Kennedy",
		Telephone:       "03000 419625",
		Email:           "emily.kennedy@kent.gov.uk",
		MembershipTotal: 16,
		Membership: []Group{
			{"Conservative", []string{"Mr D L Brazier (Chairman)", "Mr M Dendor (Vice-Chairman)", "Mr P V Barrington-King", "Mr P Bartlett", "Mr T Bond", "Mr N J D Chard", "Mr G Cooke", "Mr P C Cooper", "Mrs S Hudson", "Mr J A Kite, MBE", "Mr J P McInroy", "Mr H Rayner"}},
			{"Labour", []string{"Mr A Brady", "Ms M Dawkins"}},
			{"Liberal Democrat", []string{"Mr A J Hook"}},
			{"Green and Independent", []string{"Rich Lehmann", "Mr P Stepto"}},
		},
		PublishedOn: time.Date(2025, 1, 7, 9, 0, 0, 0, loc),
		Signatory:   Signatory{Name: "Ben Watts", JobTitle: "General Counsel", Telephone: "03000 416814"},
		Items: []Item{
			{Number: "1", Title: "Introduction/Webcast announcement", Part: 1},
			{Number: "2", Title: "Apologies and Substitutes", Part: 1},
			{Number: "3", Title: "Declarations of Interest by Members in items on the Agenda", Part: 1},
			{Number: "4", Title: "Minutes of the meeting held on 27 November 2024", Part: 1},
			{Number: "5", Title: "Draft Revenue and Capital Budget and Medium-Term Financial Plan", Part: 1, ToFollow: true},
			{Number: "6", Title: "Performance Dashboard for the Chief Executive's Department and Deputy Chief Executive's Department", Part: 1},
			{Number: "7", Title: "Kent & Medway Domestic Abuse Strategy 2024-2029 Year One Update", Part: 1},
			{Number: "8", Title: "Work Programme", Part: 1},
			{Number: "9", Title: "Disposal of Former Oakwood House, Maidstone", Part: 2, ExemptParagraph: 3},
		},
	}
	for i := range m.Items {
		it := &m.Items[i]
		for j, n := range pages[it.Number] {
			marker := fmt.Sprintf("PAPER-%s-%c", it.Number, 'A'+j)
			path := filepath.Join(dir, marker+".pdf")
			writePaper(t, path, marker, n, (i+j)%2 == 1)
			it.Papers = append(it.Papers, Paper{Title: fmt.Sprintf("%s paper %c", it.Title, 'A'+j), Path: path})
		}
	}
	return m
}

func dateAt(loc *time.Location, h, m int) time.Time { return time.Date(2025, 1, 15, h, m, 0, 0, loc) }

func integer(n int) types.Object { return types.Integer(n) }

func rect(r [4]float64) types.Object { return types.NewRectangle(r[0], r[1], r[2], r[3]).Array() }

func writeContext(t testing.TB, ctx *model.Context, path string) {
	t.Helper()
	if err := api.WriteContextFile(ctx, path); err != nil {
		t.Fatal(err)
	}
}

// writeZeroPagePDF writes a well-formed PDF whose page tree is empty.
func writeZeroPagePDF(t testing.TB, path string) {
	t.Helper()
	ctx, err := pdfcpu.CreateContextWithXRefTable(newConf(), &types.Dim{Width: pageW, Height: pageH})
	if err != nil {
		t.Fatal(err)
	}
	writeContext(t, ctx, path)
}

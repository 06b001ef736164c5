package agenda

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"minutebook/pack"
	"minutebook/store"
)

// packer assembles agenda packs from the record and keeps each built pack,
// named by a digest of everything that goes into it, so that a pack is
// rebuilt exactly when a paper or the agenda changes. A process has one.
type packer struct {
	agenda *Agenda
	mu     sync.Mutex
}

// PackKinds name the packs in URLs and file names.
var packKinds = map[pack.Kind]string{pack.Public: "public", pack.Members: "members", pack.Supplementary: "supplementary",
	pack.MembersSupplementary: "members-supplementary"}

// BuiltPack is a pack on disk with the page range of each agenda item.
type BuiltPack struct {
	Path   string
	Pages  int
	Items  []store.AgendaItem
	Ranges []pack.PageRange
}

// build returns the meeting's pack of the given kind, building it only if
// its inputs changed since it was last built.
func (p *packer) build(ctx context.Context, meetingID int64, kind pack.Kind, progress func(pack.Progress)) (*BuiltPack, error) {
	in, items, err := p.input(ctx, meetingID)
	if err != nil {
		return nil, err
	}
	if in, items, err = packContents(in, items, kind); err != nil {
		return nil, err
	}
	key, err := json.Marshal(struct {
		Kind    string
		Meeting pack.Meeting
	}{packKinds[kind], in})
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(key)
	digest := hex.EncodeToString(sum[:])
	path := p.agenda.files.Abs(filepath.Join("packs", digest+".pdf"))
	meta := path + ".json"
	p.mu.Lock()
	defer p.mu.Unlock()
	if b, err := os.ReadFile(meta); err == nil {
		var built BuiltPack
		if json.Unmarshal(b, &built) == nil {
			if _, err := os.Stat(path); err == nil {
				built.Path, built.Items = path, items
				return &built, nil
			}
		}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	res, err := pack.Build(ctx, in, pack.Options{Kind: kind, Progress: progress}, &buf)
	if err != nil {
		var be *pack.BuildError
		if errors.As(err, &be) {
			return nil, store.Errorf(store.EINVALID, "The agenda pack cannot be built: %s. Replace the paper and try again.", err.Error())
		}
		return nil, err
	}
	if err := writeFileAtomic(path, buf.Bytes()); err != nil {
		return nil, err
	}
	built := &BuiltPack{Path: path, Pages: res.Pages, Items: items, Ranges: res.Ranges}
	b, _ := json.Marshal(built)
	if err := writeFileAtomic(meta, b); err != nil {
		return nil, err
	}
	p.replaceCurrent(meetingID, kind, digest)
	return built, nil
}

// replaceCurrent records which pack is the meeting's current one of its
// kind and removes the one it replaces, so that the cache holds one pack a
// meeting and kind however often the agenda is edited.
func (p *packer) replaceCurrent(meetingID int64, kind pack.Kind, digest string) {
	pointer := p.agenda.files.Abs(filepath.Join("packs", fmt.Sprintf("meeting-%d-%s.current", meetingID, packKinds[kind])))
	old, err := os.ReadFile(pointer)
	if err := writeFileAtomic(pointer, []byte(digest)); err != nil {
		return
	}
	if previous := strings.TrimSpace(string(old)); err == nil && previous != digest && isDigest(previous) {
		stale := p.agenda.files.Abs(filepath.Join("packs", previous+".pdf"))
		os.Remove(stale)
		os.Remove(stale + ".json")
	}
}

func isDigest(s string) bool {
	_, err := hex.DecodeString(s)
	return err == nil && len(s) == 2*sha256.Size
}

// writeFileAtomic writes a file whole or not at all.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// buildForPublication builds both packs of a meeting, so that an agenda is
// never published with a paper that cannot go into its pack, and returns
// the public one, whose page ranges the agenda takes.
func (a *Agenda) buildForPublication(ctx context.Context, meetingID int64) (*BuiltPack, error) {
	if _, err := a.Pack(ctx, meetingID, pack.Members, nil); err != nil {
		return nil, err
	}
	return a.Pack(ctx, meetingID, pack.Public, nil)
}

// input describes the meeting as the front sheet prints it, with every
// paper, the minutes of the previous meeting included.
func (p *packer) input(ctx context.Context, meetingID int64) (pack.Meeting, []store.AgendaItem, error) {
	m, err := p.agenda.db.Meeting(ctx, meetingID)
	if err != nil {
		return pack.Meeting{}, nil, err
	}
	b, err := p.agenda.db.Body(ctx, m.BodyID)
	if err != nil {
		return pack.Meeting{}, nil, err
	}
	local := m.StartsAt.In(p.agenda.loc)
	members, err := p.agenda.db.Members(ctx, b.ID, local)
	if err != nil {
		return pack.Meeting{}, nil, err
	}
	items, err := p.agenda.db.AgendaItems(ctx, meetingID)
	if err != nil {
		return pack.Meeting{}, nil, err
	}
	reports, err := p.agenda.db.Reports(ctx, meetingID)
	if err != nil {
		return pack.Meeting{}, nil, err
	}
	council, err := p.agenda.db.Setting(ctx, "council_name")
	if err != nil {
		return pack.Meeting{}, nil, err
	}
	published := p.agenda.Now().In(p.agenda.loc)
	if m.PublishedAt != nil {
		published = m.PublishedAt.In(p.agenda.loc)
	}
	in := pack.Meeting{
		Council: council, Committee: b.Name, StartsAt: local, Venue: m.Venue,
		AskFor: b.ContactName, Telephone: b.ContactPhone, Email: b.ContactEmail,
		MembershipTotal: b.Seats, Membership: membershipGroups(members), ExclusionParagraphs: m.ExclusionParagraphs,
		PublishedOn: published, Signatory: pack.Signatory{Name: b.SignatoryName, JobTitle: b.SignatoryTitle, Telephone: b.SignatoryPhone},
	}
	for _, a := range items {
		it := pack.Item{Number: a.Label(), Title: a.Title, Part: a.Part, ExemptParagraph: a.ExemptParagraph, ToFollow: a.ToFollow}
		for _, r := range reports[a.ID] {
			it.Papers = append(it.Papers, pack.Paper{Title: r.Title, Path: p.agenda.files.Abs(r.Document.Path)})
		}
		if len(it.Papers) == 0 && a.IsPreviousMinutes() {
			paper, err := p.previousMinutes(ctx, m)
			if err != nil {
				return pack.Meeting{}, nil, err
			}
			if paper != nil {
				it.Papers = append(it.Papers, *paper)
			}
		}
		in.Items = append(in.Items, it)
	}
	return in, items, nil
}

// packContents is what a pack of the kind holds of the whole agenda.
func packContents(in pack.Meeting, items []store.AgendaItem, kind pack.Kind) (pack.Meeting, []store.AgendaItem, error) {
	if kind.IsSupplement() {
		in, items = supplementOnly(in, items, kind.HasExempt())
		if len(items) == 0 {
			return in, nil, store.Errorf(store.ENOTFOUND, "There is no supplementary agenda for this meeting.")
		}
		return in, items, nil
	}
	// The agenda pack stays as it was published: papers that came later
	// are in the supplement.
	in.Items = append([]pack.Item(nil), in.Items...)
	for i, a := range items {
		if a.Supplement {
			in.Items[i].Papers, in.Items[i].ToFollow = nil, true
		}
	}
	return in, items, nil
}

// supplementOnly keeps the items whose papers went out after the agenda:
// the open ones for the public supplement, and the exempt ones too for the
// members'.
func supplementOnly(in pack.Meeting, items []store.AgendaItem, exempt bool) (pack.Meeting, []store.AgendaItem) {
	var keptItems []pack.Item
	var kept []store.AgendaItem
	for i, a := range items {
		if a.Supplement && (a.Part == 1 || exempt) {
			keptItems = append(keptItems, in.Items[i])
			kept = append(kept, a)
		}
	}
	in.Items = keptItems
	return in, kept
}

// membershipGroups lists members by party group as the front sheet does, or
// in one list for a body without groups.
func membershipGroups(members []store.Member) []pack.Group {
	var groups []pack.Group
	index := map[string]int{}
	for _, m := range members {
		if m.Role == "substitute" {
			continue
		}
		name := m.DisplayName()
		switch m.Role {
		case "chairman":
			name += " (Chairman)"
		case "vice-chairman":
			name += " (Vice-Chairman)"
		}
		i, ok := index[m.Group]
		if !ok {
			i = len(groups)
			index[m.Group] = i
			groups = append(groups, pack.Group{Name: m.Group})
		}
		groups[i].Members = append(groups[i].Members, name)
	}
	return groups
}

// previousMinutes writes the minutes of the body's previous meeting as a
// paper, named by its content.
func (p *packer) previousMinutes(ctx context.Context, m store.Meeting) (*pack.Paper, error) {
	// The meeting before, whatever its status says: a meeting whose time has
	// passed is the previous one even if nobody marked it held. Cancelled
	// and postponed meetings have no minutes to approve.
	prev, err := p.agenda.db.Meetings(ctx, store.MeetingFilter{BodyID: m.BodyID, To: m.StartsAt, Newest: true, Limit: 1,
		Statuses: []string{"scheduled", "agenda-published", "held"}})
	if err != nil || len(prev) == 0 || !prev[0].StartsAt.Before(m.StartsAt) {
		return nil, err
	}
	set, err := p.agenda.db.PublishedMinutes(ctx, prev[0].ID)
	if err != nil || set == nil {
		return nil, err
	}
	attendance, err := p.agenda.db.Attendance(ctx, prev[0].ID)
	if err != nil {
		return nil, err
	}
	doc := p.agenda.minutesDocument(prev[0], set, attendance)
	var buf bytes.Buffer
	if err := pack.WriteDocument(&buf, doc); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(buf.Bytes())
	path := p.agenda.files.Abs(filepath.Join("minutes", hex.EncodeToString(sum[:])+".pdf"))
	if _, err := os.Stat(path); err != nil {
		if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
			return nil, err
		}
		if err := writeFileAtomic(path, buf.Bytes()); err != nil {
			return nil, err
		}
	}
	return &pack.Paper{Title: "Minutes of the meeting held on " + prev[0].StartsAt.In(p.agenda.loc).Format("2 January 2006"), Path: path}, nil
}

// writePageRanges records a public pack's page ranges on the agenda, for
// meetings with papers: the agenda page, the API and the front sheet then
// agree.
func writePageRanges(tx *store.Tx, meetingID int64, built *BuiltPack) error {
	ranges := map[int64][2]int{}
	any := false
	for i, a := range built.Items {
		r := built.Ranges[i]
		ranges[a.ID] = [2]int{r.From, r.To}
		any = any || r.From > 0
	}
	if !any {
		return nil
	}
	return tx.SetPageRanges(meetingID, ranges)
}

package agenda

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"

	"minutebook/pack"
	"minutebook/store"
)

// IssuedPack is a pack as an issue of the agenda sent it out, kept byte for
// byte: the file and the page range of each agenda item in it.
type IssuedPack struct {
	store.PublishedPack
	// File is the pack's path on disk.
	File string
}

// Range is an item's page range in the pack; zero when it has no pages.
func (p *IssuedPack) Range(itemID int64) (from, to int) {
	for _, r := range p.Ranges {
		if r.ItemID == itemID {
			return r.From, r.To
		}
	}
	return 0, 0
}

// issueKinds are the packs an issue of the agenda sends: the agenda packs
// for a publication or re-issue, the supplements for a supplement.
func issueKinds(publicationKind string) []pack.Kind {
	if publicationKind == "supplementary" {
		return []pack.Kind{pack.Supplementary, pack.MembersSupplementary}
	}
	return []pack.Kind{pack.Public, pack.Members}
}

// issuePacks keeps the packs of the latest issue of a meeting's agenda as
// they stand now, right after the issue is recorded, so that nothing that
// changes later (the previous minutes signed, a member leaving) alters what
// was sent. The public pack's ranges become the agenda's.
func (a *Agenda) issuePacks(ctx context.Context, meetingID int64) error {
	pub, found, err := a.db.LatestPublication(ctx, meetingID)
	if err != nil || !found {
		return err
	}
	var kept []store.PublishedPack
	var ranges map[int64][2]int
	for _, kind := range issueKinds(pub.Kind) {
		built, err := a.Pack(ctx, meetingID, kind, nil)
		if store.ErrorCode(err) == store.ENOTFOUND {
			continue // no public supplement when only exempt papers came late
		}
		if err != nil {
			return err
		}
		pp, err := a.keep(built)
		if err != nil {
			return err
		}
		pp.PublicationID, pp.MeetingID, pp.Kind = pub.ID, meetingID, packKinds[kind]
		kept = append(kept, pp)
		if kind == pack.Public {
			ranges = map[int64][2]int{}
			for _, r := range pp.Ranges {
				ranges[r.ItemID] = [2]int{r.From, r.To}
			}
		}
	}
	return a.db.Update(ctx, func(tx *store.Tx) error {
		for _, pp := range kept {
			if err := tx.RecordPublishedPack(pp); err != nil {
				return err
			}
		}
		if len(ranges) == 0 {
			return nil
		}
		return tx.SetPageRanges(meetingID, ranges)
	})
}

// keep copies a built pack out of the cache, which is cleaned, into the
// folder of published packs, named by its content, which never is.
func (a *Agenda) keep(built *BuiltPack) (store.PublishedPack, error) {
	b, err := os.ReadFile(built.Path)
	if err != nil {
		return store.PublishedPack{}, err
	}
	sum := sha256.Sum256(b)
	digest := hex.EncodeToString(sum[:])
	rel := filepath.Join("published", digest+".pdf")
	path := a.files.Abs(rel)
	if _, err := os.Stat(path); err != nil {
		if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
			return store.PublishedPack{}, err
		}
		if err := writeFileAtomic(path, b); err != nil {
			return store.PublishedPack{}, err
		}
	}
	pp := store.PublishedPack{SHA256: digest, Path: rel, Size: int64(len(b)), Pages: built.Pages}
	for i, it := range built.Items {
		pp.Ranges = append(pp.Ranges, store.PackRange{ItemID: it.ID, From: built.Ranges[i].From, To: built.Ranges[i].To})
	}
	return pp, nil
}

// Issued is the pack of a kind that an issue of a meeting's agenda sent.
// An issue whose packs were never kept (one published before minutebook
// kept them, or whose keeping failed) has them kept now, when it is still
// the latest.
func (a *Agenda) Issued(ctx context.Context, meetingID, publicationID int64, kind pack.Kind) (*IssuedPack, error) {
	pp, found, err := a.db.PackIssuedBy(ctx, meetingID, publicationID, packKinds[kind])
	if err != nil {
		return nil, err
	}
	if !found {
		if err := a.issuePacks(ctx, meetingID); err != nil {
			return nil, err
		}
		if pp, found, err = a.db.PackIssuedBy(ctx, meetingID, publicationID, packKinds[kind]); err != nil {
			return nil, err
		}
	}
	if !found {
		return nil, store.Errorf(store.ENOTFOUND, "This issue of the agenda has no %s pack.", packKinds[kind])
	}
	return &IssuedPack{PublishedPack: pp, File: a.files.Abs(pp.Path)}, nil
}

// Current is the pack of a kind that the latest issue of a published agenda
// sent out.
func (a *Agenda) Current(ctx context.Context, meetingID int64, kind pack.Kind) (*IssuedPack, error) {
	pub, found, err := a.db.LatestPublication(ctx, meetingID)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, store.Errorf(store.ENOTFOUND, "There is no agenda pack for this meeting yet: it is published with the agenda.")
	}
	return a.Issued(ctx, meetingID, pub.ID, kind)
}

// PackNow is the pack of a kind that anyone asking now gets: for a
// published agenda the one its latest issue sent, kept as sent; before
// publication the pack as it would be sent now (its ID is zero, as it is
// not kept).
func (a *Agenda) PackNow(ctx context.Context, meetingID int64, kind pack.Kind) (*IssuedPack, error) {
	_, published, err := a.db.LatestPublication(ctx, meetingID)
	if err != nil {
		return nil, err
	}
	if published {
		return a.Current(ctx, meetingID, kind)
	}
	built, err := a.Pack(ctx, meetingID, kind, nil)
	if err != nil {
		return nil, err
	}
	ip := &IssuedPack{File: built.Path}
	ip.MeetingID, ip.Kind, ip.Pages = meetingID, packKinds[kind], built.Pages
	for i, it := range built.Items {
		ip.Ranges = append(ip.Ranges, store.PackRange{ItemID: it.ID, From: built.Ranges[i].From, To: built.Ranges[i].To})
	}
	return ip, nil
}

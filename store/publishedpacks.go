package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"
)

// PackRange is where an agenda item's papers are in a published pack.
type PackRange struct {
	ItemID int64 `json:"item"`
	From   int   `json:"from"`
	To     int   `json:"to"`
}

// PublishedPack is a pack as one issue of the agenda sent it out.
type PublishedPack struct {
	ID            int64
	PublicationID int64
	MeetingID     int64
	// Kind is "public", "members", "supplementary" or "members-supplementary".
	Kind   string
	SHA256 string
	// Path is under the papers folder.
	Path   string
	Size   int64
	Pages  int
	Ranges []PackRange
	// Of the publication that issued it.
	PublicationKind string
	PublishedAt     time.Time
	Reason          string
}

const publishedPackColumns = `pp.id, pp.publication_id, pp.meeting_id, pp.kind, pp.sha256, pp.path, pp.size, pp.pages, pp.ranges,
	p.kind, p.published_at, p.reason`

func scanPublishedPack(row interface{ Scan(...any) error }) (PublishedPack, error) {
	var pp PublishedPack
	var ranges, at string
	if err := row.Scan(&pp.ID, &pp.PublicationID, &pp.MeetingID, &pp.Kind, &pp.SHA256, &pp.Path, &pp.Size, &pp.Pages, &ranges,
		&pp.PublicationKind, &at, &pp.Reason); err != nil {
		return pp, err
	}
	if err := json.Unmarshal([]byte(ranges), &pp.Ranges); err != nil {
		return pp, err
	}
	var err error
	pp.PublishedAt, err = parseTime(at)
	return pp, err
}

// PublishedPacks lists every pack a meeting's agenda issues sent out, oldest
// first.
func (db *DB) PublishedPacks(ctx context.Context, meetingID int64) ([]PublishedPack, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT `+publishedPackColumns+` FROM published_packs pp
		JOIN agenda_publications p ON p.id = pp.publication_id WHERE pp.meeting_id = ? ORDER BY pp.id`, meetingID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PublishedPack
	for rows.Next() {
		pp, err := scanPublishedPack(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, pp)
	}
	return out, rows.Err()
}

// PublishedPack is one published pack of a meeting.
func (db *DB) PublishedPack(ctx context.Context, meetingID, id int64) (PublishedPack, error) {
	pp, err := scanPublishedPack(db.reader.QueryRowContext(ctx, `SELECT `+publishedPackColumns+` FROM published_packs pp
		JOIN agenda_publications p ON p.id = pp.publication_id WHERE pp.meeting_id = ? AND pp.id = ?`, meetingID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return pp, Errorf(ENOTFOUND, "There is no such agenda pack for this meeting.")
	}
	return pp, err
}

// PackIssuedBy is the pack of a kind that an issue of the agenda sent: the
// one recorded with it, or, for an issue that did not change it (a
// supplement leaves the agenda pack as it was), the latest before it.
// Found is false when no pack of that kind has been recorded yet.
func (db *DB) PackIssuedBy(ctx context.Context, meetingID, publicationID int64, kind string) (pp PublishedPack, found bool, err error) {
	pp, err = scanPublishedPack(db.reader.QueryRowContext(ctx, `SELECT `+publishedPackColumns+` FROM published_packs pp
		JOIN agenda_publications p ON p.id = pp.publication_id
		WHERE pp.meeting_id = ? AND pp.kind = ? AND pp.publication_id <= ? ORDER BY pp.publication_id DESC LIMIT 1`,
		meetingID, kind, publicationID))
	if errors.Is(err, sql.ErrNoRows) {
		return pp, false, nil
	}
	return pp, err == nil, err
}

// LatestPublication is the latest issue of a meeting's agenda; found is
// false before the agenda is published.
func (db *DB) LatestPublication(ctx context.Context, meetingID int64) (p Publication, found bool, err error) {
	var at string
	err = db.reader.QueryRowContext(ctx, `SELECT id, meeting_id, kind, published_at, on_time, reason FROM agenda_publications
		WHERE meeting_id = ? ORDER BY id DESC LIMIT 1`, meetingID).Scan(&p.ID, &p.MeetingID, &p.Kind, &at, &p.OnTime, &p.Reason)
	if errors.Is(err, sql.ErrNoRows) {
		return p, false, nil
	}
	if err != nil {
		return p, false, err
	}
	p.PublishedAt, err = parseTime(at)
	return p, err == nil, err
}

// RecordPublishedPack keeps a pack as an issue of the agenda sent it; the
// same pack recorded twice for one issue is recorded once.
func (tx *Tx) RecordPublishedPack(pp PublishedPack) error {
	ranges, err := json.Marshal(pp.Ranges)
	if err != nil {
		return err
	}
	if pp.Ranges == nil {
		ranges = []byte("[]")
	}
	_, err = tx.exec(`INSERT INTO published_packs (publication_id, meeting_id, kind, sha256, path, size, pages, ranges)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (publication_id, kind) DO NOTHING`,
		pp.PublicationID, pp.MeetingID, pp.Kind, pp.SHA256, pp.Path, pp.Size, pp.Pages, string(ranges))
	return err
}

package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"
)

// MinutesDigest is the SHA-256 of a set's canonical content: its numbered
// minutes, their titles, the agenda items they record and every paragraph
// with its kind and recorded votes, as JSON in record order.
func MinutesDigest(set *MinuteSet) (string, error) {
	type vote struct {
		Person  int64  `json:"person"`
		Vote    string `json:"vote"`
		Dissent bool   `json:"dissent"`
	}
	type para struct {
		Kind     string `json:"kind"`
		Numbered bool   `json:"numbered"`
		Markdown string `json:"markdown"`
		Votes    []vote `json:"votes"`
	}
	type item struct {
		Number int    `json:"number"`
		Series string `json:"series"`
		Agenda string `json:"agenda_item"`
		Title  string `json:"title"`
		Paras  []para `json:"paragraphs"`
	}
	canon := struct {
		Meeting int64  `json:"meeting"`
		Version int    `json:"version"`
		Items   []item `json:"items"`
	}{Meeting: set.MeetingID, Version: set.Version}
	for _, it := range set.Items {
		ci := item{Number: it.Number, Series: it.Series, Agenda: it.AgendaLabel, Title: it.Title}
		for _, p := range it.Paragraphs {
			cp := para{Kind: p.Kind, Numbered: p.Numbered, Markdown: p.Markdown}
			for _, v := range p.Votes {
				cp.Votes = append(cp.Votes, vote{Person: v.ID, Vote: v.Vote, Dissent: v.DissentRecorded})
			}
			ci.Paras = append(ci.Paras, cp)
		}
		canon.Items = append(canon.Items, ci)
	}
	b, err := json.Marshal(canon)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// Verification is a signed record checked against its seal.
type Verification struct {
	SHA256     string // as sealed when signed
	Recomputed string
	Set        *MinuteSet
}

// OK is true when the record is as it was signed.
func (v Verification) OK() bool { return v.SHA256 != "" && v.SHA256 == v.Recomputed }

// VerifyMinutes recomputes the digest of a meeting's signed minutes.
func (db *DB) VerifyMinutes(ctx context.Context, meetingID int64) (Verification, error) {
	set, err := minutes(ctx, db.reader, meetingID, signedVersion)
	if err != nil {
		return Verification{}, err
	}
	if set == nil {
		return Verification{}, Errorf(ENOTFOUND, "Meeting %d has no signed minutes to verify.", meetingID)
	}
	digest, err := MinutesDigest(set)
	if err != nil {
		return Verification{}, err
	}
	return Verification{SHA256: set.SHA256, Recomputed: digest, Set: set}, nil
}

// SignMinutes seals a set of minutes: it records the signer, the time and
// the SHA-256 of the record's canonical content.
func (tx *Tx) SignMinutes(setID, signerID int64, at time.Time) (string, error) {
	var meetingID int64
	if err := tx.QueryRowContext(tx.ctx, `SELECT meeting_id FROM minute_sets WHERE id = ?`, setID).Scan(&meetingID); err != nil {
		return "", err
	}
	set, err := minutes(tx.ctx, tx, meetingID, anyVersion)
	if err != nil {
		return "", err
	}
	digest, err := MinutesDigest(set)
	if err != nil {
		return "", err
	}
	_, err = tx.exec(`UPDATE minute_sets SET status = 'signed', signed_by = ?, signed_at = ?, sha256 = ? WHERE id = ?`,
		signerID, formatTime(at), digest, setID)
	return digest, err
}

// SignApprovedMinutes seals approved minutes with the signer's name.
func (tx *Tx) SignApprovedMinutes(meetingID, personID int64) (string, error) {
	setID, _, status, err := tx.latestSet(meetingID)
	if err != nil {
		return "", err
	}
	if status != "approved" {
		return "", Errorf(ECONFLICT, "Only minutes the committee has approved as a correct record can be signed; these are %s.", strings.ToLower(MinutesStatuses[status]))
	}
	return tx.SignMinutes(setID, personID, tx.Now)
}

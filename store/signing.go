package store

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"
)

// recordFormat names the layout of a signed record, so that a reader of a
// record years from now knows which fields it holds.
const recordFormat = "minutebook signed minutes 1"

// signedRecord is everything the minutes say, as the Chairman signed it:
// the header, who attended and how, declarations, the agenda, every
// minute with its paragraphs and recorded votes, the signer and the time,
// and the digest of the seal before it.
type signedRecord struct {
	Format       string              `json:"format"`
	Meeting      int64               `json:"meeting"`
	Version      int                 `json:"version"`
	Committee    string              `json:"committee"`
	StartsAt     string              `json:"starts_at"`
	Venue        string              `json:"venue"`
	Status       string              `json:"status"`
	Attendance   []recordAttendee    `json:"attendance"`
	Declarations []recordDeclaration `json:"declarations"`
	Agenda       []recordAgendaItem  `json:"agenda"`
	Minutes      []recordMinute      `json:"minutes"`
	SignedBy     string              `json:"signed_by"`
	SignedAt     string              `json:"signed_at"`
	Previous     string              `json:"previous"`
}

type recordAttendee struct {
	Name          string `json:"name"`
	Kind          string `json:"kind"`
	SubstituteFor string `json:"substitute_for,omitempty"`
	Capacity      string `json:"capacity,omitempty"`
	Role          string `json:"role,omitempty"`
	Remote        bool   `json:"remote"`
}

type recordDeclaration struct {
	Person      string `json:"person"`
	Item        string `json:"item"`
	Kind        string `json:"kind"`
	Description string `json:"description"`
}

type recordAgendaItem struct {
	Number string `json:"number"`
	Code   string `json:"code,omitempty"`
	Title  string `json:"title"`
	Part   int    `json:"part"`
}

type recordVote struct {
	Person  string `json:"person"`
	Vote    string `json:"vote"`
	Dissent bool   `json:"dissent"`
}

type recordParagraph struct {
	Kind     string       `json:"kind"`
	Numbered bool         `json:"numbered"`
	Markdown string       `json:"markdown"`
	Votes    []recordVote `json:"votes"`
}

type recordMinute struct {
	Number     int               `json:"number"`
	Series     string            `json:"series"`
	Agenda     string            `json:"agenda_item"`
	Title      string            `json:"title"`
	Paragraphs []recordParagraph `json:"paragraphs"`
}

// buildRecord reads a meeting's record as it stands now, for the given
// minutes, signer, time and previous seal.
func buildRecord(ctx context.Context, q queryer, set *MinuteSet, signedBy string, signedAt time.Time, previous string) ([]byte, error) {
	m, err := meeting(ctx, q, set.MeetingID)
	if err != nil {
		return nil, err
	}
	r := signedRecord{Format: recordFormat, Meeting: m.ID, Version: set.Version, Committee: m.Body,
		StartsAt: formatTime(m.StartsAt), Venue: m.Venue, Status: m.Status,
		SignedBy: signedBy, SignedAt: formatTime(signedAt), Previous: previous,
		Attendance: []recordAttendee{}, Declarations: []recordDeclaration{}, Agenda: []recordAgendaItem{}, Minutes: []recordMinute{}}
	attendees, err := attendance(ctx, q, m.ID)
	if err != nil {
		return nil, err
	}
	for _, a := range attendees {
		ra := recordAttendee{Name: a.DisplayName(), Kind: a.Kind, Capacity: a.Capacity, Role: a.Role, Remote: a.Remote}
		if a.SubstituteFor != nil {
			ra.SubstituteFor = a.SubstituteFor.DisplayName()
		}
		r.Attendance = append(r.Attendance, ra)
	}
	decls, err := declarations(ctx, q, m.ID)
	if err != nil {
		return nil, err
	}
	for _, d := range decls {
		r.Declarations = append(r.Declarations, recordDeclaration{Person: d.Person, Item: d.ItemLabel, Kind: d.Kind, Description: d.Description})
	}
	items, err := agendaItems(ctx, q, m.ID)
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		r.Agenda = append(r.Agenda, recordAgendaItem{Number: it.Number, Code: it.Code, Title: it.Title, Part: it.Part})
	}
	for _, it := range set.Items {
		rm := recordMinute{Number: it.Number, Series: it.Series, Agenda: it.AgendaLabel, Title: it.Title, Paragraphs: []recordParagraph{}}
		for _, p := range it.Paragraphs {
			rp := recordParagraph{Kind: p.Kind, Numbered: p.Numbered, Markdown: p.Markdown, Votes: []recordVote{}}
			for _, v := range p.Votes {
				rp.Votes = append(rp.Votes, recordVote{Person: v.DisplayName(), Vote: v.Vote, Dissent: v.DissentRecorded})
			}
			rm.Paragraphs = append(rm.Paragraphs, rp)
		}
		r.Minutes = append(r.Minutes, rm)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func digestOf(record []byte) string {
	sum := sha256.Sum256(record)
	return hex.EncodeToString(sum[:])
}

// Seal is one signed record: the record's bytes as signed, their SHA-256,
// the SHA-256 of the seal before it and the Ed25519 signature.
type Seal struct {
	ID          int64
	MinuteSetID int64
	MeetingID   int64
	Version     int
	Record      []byte
	SHA256      string
	Previous    string
	Signature   []byte
	PublicKey   ed25519.PublicKey
	SignedAt    time.Time
}

const sealColumns = `s.id, s.minute_set_id, ms.meeting_id, ms.version, s.record, s.sha256, s.previous, s.signature, s.public_key, ms.signed_at`

func scanSeal(row interface{ Scan(...any) error }) (Seal, error) {
	var s Seal
	var pub, signed string
	if err := row.Scan(&s.ID, &s.MinuteSetID, &s.MeetingID, &s.Version, &s.Record, &s.SHA256, &s.Previous, &s.Signature, &pub, &signed); err != nil {
		return s, err
	}
	var err error
	if s.SignedAt, err = parseTime(signed); err != nil {
		return s, err
	}
	key, err := hex.DecodeString(pub)
	if err != nil || len(key) != ed25519.PublicKeySize {
		return s, fmt.Errorf("seal %d has a malformed public key", s.ID)
	}
	s.PublicKey = key
	return s, nil
}

// Seals lists every seal in the order signed: the hash chain.
func (db *DB) Seals(ctx context.Context) ([]Seal, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT `+sealColumns+` FROM seals s JOIN minute_sets ms ON ms.id = s.minute_set_id ORDER BY s.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Seal
	for rows.Next() {
		s, err := scanSeal(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// MeetingSeal is the seal of a meeting's signed minutes: of the latest
// signed version.
func (db *DB) MeetingSeal(ctx context.Context, meetingID int64) (Seal, error) {
	s, err := scanSeal(db.reader.QueryRowContext(ctx, `SELECT `+sealColumns+` FROM seals s JOIN minute_sets ms ON ms.id = s.minute_set_id
		WHERE ms.meeting_id = ? ORDER BY ms.version DESC LIMIT 1`, meetingID))
	if errors.Is(err, sql.ErrNoRows) {
		return s, Errorf(ENOTFOUND, "Meeting %d has no signed minutes.", meetingID)
	}
	return s, err
}

// Verification is a meeting's signed record checked three ways: against
// the record as it stands now, against its signature, and against the
// chain of every seal.
type Verification struct {
	SHA256     string // the digest sealed when signed
	Recomputed string // the digest of the record as it stands now
	// SignatureOK is true when the seal's signature is good and was made
	// with this council's key.
	SignatureOK bool
	// ChainOK is true when every seal, from the first to the head, names
	// the digest of the one before and hashes to its own digest.
	ChainOK bool
	// Problems say, in words, what did not hold.
	Problems []string
	Head     string // the digest at the head of the chain
	Set      *MinuteSet
	Seal     Seal
}

// OK is true when the record is as it was signed, by this council's key,
// and the chain is whole.
func (v Verification) OK() bool {
	return v.SHA256 != "" && v.SHA256 == v.Recomputed && v.SignatureOK && v.ChainOK
}

// VerifyMinutes checks a meeting's signed minutes: the record now against
// the record signed, the signature against the council's public key, and
// the whole hash chain.
func (db *DB) VerifyMinutes(ctx context.Context, meetingID int64) (Verification, error) {
	set, err := minutes(ctx, db.reader, meetingID, signedVersion)
	if err != nil {
		return Verification{}, err
	}
	if set == nil {
		return Verification{}, Errorf(ENOTFOUND, "Meeting %d has no signed minutes to verify.", meetingID)
	}
	v := Verification{SHA256: set.SHA256, Set: set}
	seals, err := db.Seals(ctx)
	if err != nil {
		return v, err
	}
	v.ChainOK, v.Problems = checkChain(seals, db.PublicKey())
	if len(seals) > 0 {
		v.Head = seals[len(seals)-1].SHA256
	}
	found := false
	for _, s := range seals {
		if s.MinuteSetID == set.ID {
			v.Seal, found = s, true
		}
	}
	if !found {
		v.Problems = append(v.Problems, fmt.Sprintf("Version %d of these minutes has no seal.", set.Version))
		return v, nil
	}
	v.SignatureOK = ed25519.Verify(v.Seal.PublicKey, v.Seal.Record, v.Seal.Signature) && v.Seal.PublicKey.Equal(db.PublicKey())
	if !v.SignatureOK {
		v.Problems = append(v.Problems, "The signature on the record is not this council's.")
	}
	if v.SHA256 != v.Seal.SHA256 {
		v.Problems = append(v.Problems, "The digest kept with the minutes is not the sealed one.")
		v.SHA256 = v.Seal.SHA256
	}
	signer := ""
	if set.SignedBy != nil {
		signer = set.SignedBy.DisplayName()
	}
	signedAt := time.Time{}
	if set.SignedAt != nil {
		signedAt = *set.SignedAt
	}
	now, err := buildRecord(ctx, db.reader, set, signer, signedAt, v.Seal.Previous)
	if err != nil {
		return v, err
	}
	v.Recomputed = digestOf(now)
	if v.Recomputed != v.SHA256 {
		v.Problems = append(v.Problems, "The record now differs from the record signed: "+recordDifference(v.Seal.Record, now)+".")
	}
	return v, nil
}

// checkChain walks the seals in order: each must hash to its digest, name
// the digest before it and carry a good signature by key.
func checkChain(seals []Seal, key ed25519.PublicKey) (bool, []string) {
	var problems []string
	previous := ""
	for _, s := range seals {
		var r signedRecord
		switch {
		case digestOf(s.Record) != s.SHA256:
			problems = append(problems, fmt.Sprintf("Seal %d does not hash to its digest.", s.ID))
		case s.Previous != previous:
			problems = append(problems, fmt.Sprintf("Seal %d does not follow the seal before it.", s.ID))
		case json.Unmarshal(s.Record, &r) != nil || r.Previous != s.Previous:
			problems = append(problems, fmt.Sprintf("Seal %d's record does not name the seal before it.", s.ID))
		case !ed25519.Verify(s.PublicKey, s.Record, s.Signature) || !s.PublicKey.Equal(key):
			problems = append(problems, fmt.Sprintf("Seal %d is not signed with this council's key.", s.ID))
		}
		previous = s.SHA256
	}
	return len(problems) == 0, problems
}

// recordDifference names the first part of the record that changed, so
// that the person checking knows where to look.
func recordDifference(signed, now []byte) string {
	var a, b map[string]json.RawMessage
	if json.Unmarshal(signed, &a) != nil || json.Unmarshal(now, &b) != nil {
		return "the record cannot be read"
	}
	var changed []string
	for _, field := range []string{"committee", "starts_at", "venue", "status", "attendance", "declarations", "agenda", "minutes", "signed_by", "signed_at"} {
		if !bytes.Equal(a[field], b[field]) {
			changed = append(changed, strings.ReplaceAll(field, "_", " "))
		}
	}
	if len(changed) == 0 {
		return "the record's layout"
	}
	return strings.Join(changed, ", ")
}

// SignMinutes seals a set of minutes: it snapshots the meeting's whole
// record with the signer and the time, chains it to the seal before and
// signs it with the council's key.
func (tx *Tx) SignMinutes(setID, signerID int64, at time.Time) (string, error) {
	if tx.key == nil {
		return "", errors.New("no signing key: open the database with one")
	}
	var meetingID int64
	if err := tx.QueryRowContext(tx.ctx, `SELECT meeting_id FROM minute_sets WHERE id = ?`, setID).Scan(&meetingID); err != nil {
		return "", err
	}
	set, err := minutes(tx.ctx, tx, meetingID, anyVersion)
	if err != nil {
		return "", err
	}
	if signerID == 0 {
		return "", Errorf(EINVALID, "Minutes can only be signed by a named person.")
	}
	signer, err := person(tx.ctx, tx, signerID)
	if err != nil {
		return "", err
	}
	var previous string
	if err := tx.QueryRowContext(tx.ctx, `SELECT coalesce((SELECT sha256 FROM seals ORDER BY id DESC LIMIT 1), '')`).Scan(&previous); err != nil {
		return "", err
	}
	record, err := buildRecord(tx.ctx, tx, set, signer.DisplayName(), at, previous)
	if err != nil {
		return "", err
	}
	digest := digestOf(record)
	signature := ed25519.Sign(tx.key, record)
	public := tx.key.Public().(ed25519.PublicKey)
	if _, err := tx.exec(`INSERT INTO seals (minute_set_id, record, sha256, previous, signature, public_key) VALUES (?, ?, ?, ?, ?, ?)`,
		setID, record, digest, previous, signature, hex.EncodeToString(public)); err != nil {
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

// PublicKey is the key anyone can check a signed record with.
func (db *DB) PublicKey() ed25519.PublicKey {
	if db.key == nil {
		return nil
	}
	return db.key.Public().(ed25519.PublicKey)
}

// PublicKeyPEM is the public key as a PEM file, as openssl reads it.
func PublicKeyPEM(key ed25519.PublicKey) ([]byte, error) {
	der, err := x509.MarshalPKIXPublicKey(key)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), nil
}

// LoadSigningKey reads the Ed25519 key that signs minutes from a PKCS #8
// PEM file, creating it, readable by its owner only, when there is none.
func LoadSigningKey(path string) (ed25519.PrivateKey, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return createSigningKey(path)
	}
	if err != nil {
		return nil, fmt.Errorf("reading the signing key: %w", err)
	}
	block, _ := pem.Decode(b)
	if block == nil || block.Type != "PRIVATE KEY" {
		return nil, fmt.Errorf("%s is not a PEM private key", path)
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	key, ok := k.(ed25519.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("%s is not an Ed25519 key", path)
	}
	return key, nil
}

func createSigningKey(path string) (ed25519.PrivateKey, error) {
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("creating the signing key: %w", err)
	}
	if err := pem.Encode(f, &pem.Block{Type: "PRIVATE KEY", Bytes: der}); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, err
	}
	return key, f.Close()
}

package store

import (
	"context"
	"database/sql"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	ID      int64
	At      time.Time
	UserID  int64
	Actor   string
	Address string
	Action  string
	Subject string
	Detail  string

	// ActorName is the name on the actor's account, when there is one.
	ActorName string
	// MeetingID is the meeting the subject names, with its committee and
	// time when the meeting is still there.
	MeetingID   int64
	MeetingBody string
	MeetingAt   time.Time
}

// FailedAttempts are the actions that record a failed sign-in or a
// refused signing of minutes.
var FailedAttempts = []string{"sign-in failed", "sign-in security code failed", "minutes signing refused", "signing security code failed"}

// AuditFilter narrows the audit log; the zero value is every entry.
type AuditFilter struct {
	// Actions are the actions to show, any of them.
	Actions []string
	// Actor is part of the actor's email address, in any case.
	Actor     string
	MeetingID int64
	// From and To bound the time of the entries: From included, To not.
	From, To time.Time
	// Offset and Limit page the entries, newest first.
	Offset, Limit int
}

// AuditLogPage is a page of the audit log with what its lines refer to.
type AuditLogPage struct {
	Entries []AuditEntry
	// Total counts every entry the filter lets through.
	Total int
	// People, Committees and Messages are what the entries' "person 34",
	// "committee 3" and "message 5" stand for.
	People     map[int64]string
	Committees map[int64]string
	Messages   map[int64]AuditMessage
}

// AuditMessage is an email the audit log refers to.
type AuditMessage struct {
	Kind, To string
}

// AuditMeeting is a meeting the audit log has entries for.
type AuditMeeting struct {
	ID       int64
	Body     string
	StartsAt time.Time
}

func (f AuditFilter) where() (string, []any) {
	var conds []string
	var args []any
	if len(f.Actions) > 0 {
		conds = append(conds, "a.action IN ("+placeholders(len(f.Actions))+")")
		for _, a := range f.Actions {
			args = append(args, a)
		}
	}
	if actor := strings.TrimSpace(f.Actor); actor != "" {
		conds = append(conds, `a.actor LIKE ? ESCAPE '\'`)
		args = append(args, "%"+likeEscaper.Replace(actor)+"%")
	}
	if f.MeetingID != 0 {
		conds = append(conds, "a.meeting_id = ?")
		args = append(args, f.MeetingID)
	}
	if !f.From.IsZero() {
		conds = append(conds, "a.at >= ?")
		args = append(args, formatTime(f.From))
	}
	if !f.To.IsZero() {
		conds = append(conds, "a.at < ?")
		args = append(args, formatTime(f.To))
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// AuditLog lists the newest entries first.
func (db *DB) AuditLog(ctx context.Context, limit int) ([]AuditEntry, error) {
	p, err := db.SearchAuditLog(ctx, AuditFilter{Limit: limit})
	return p.Entries, err
}

// SearchAuditLog returns a page of the entries the filter lets through,
// newest first, with the names of the people, committees and emails they
// refer to.
func (db *DB) SearchAuditLog(ctx context.Context, f AuditFilter) (AuditLogPage, error) {
	p := AuditLogPage{People: map[int64]string{}, Committees: map[int64]string{}, Messages: map[int64]AuditMessage{}}
	where, args := f.where()
	if err := db.reader.QueryRowContext(ctx, `SELECT count(*) FROM audit_log a`+where, args...).Scan(&p.Total); err != nil {
		return p, err
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	// The page's ids are found first so that the rows an offset skips are
	// not joined.
	rows, err := db.reader.QueryContext(ctx, `SELECT a.id, a.at, coalesce(a.user_id, 0), a.actor, a.address, a.action, a.subject, a.detail,
		coalesce(u.name, ''), coalesce(a.meeting_id, 0), coalesce(b.name, ''), coalesce(m.starts_at, '')
		FROM (SELECT a.id FROM audit_log a`+where+` ORDER BY a.id DESC LIMIT ? OFFSET ?) page
		JOIN audit_log a ON a.id = page.id
		LEFT JOIN users u ON u.id = a.user_id
		LEFT JOIN meetings m ON m.id = a.meeting_id
		LEFT JOIN bodies b ON b.id = m.body_id
		ORDER BY a.id DESC`, append(args, f.Limit, max(f.Offset, 0))...)
	if err != nil {
		return p, err
	}
	defer rows.Close()
	for rows.Next() {
		var e AuditEntry
		var at, startsAt string
		if err := rows.Scan(&e.ID, &at, &e.UserID, &e.Actor, &e.Address, &e.Action, &e.Subject, &e.Detail,
			&e.ActorName, &e.MeetingID, &e.MeetingBody, &startsAt); err != nil {
			return p, err
		}
		if e.At, err = parseTime(at); err != nil {
			return p, err
		}
		if startsAt != "" {
			if e.MeetingAt, err = parseTime(startsAt); err != nil {
				return p, err
			}
		}
		p.Entries = append(p.Entries, e)
	}
	if err := rows.Err(); err != nil {
		return p, err
	}
	return p, db.resolveAuditNames(ctx, &p)
}

// auditRef is how an audit line names a person, committee or email.
var auditRef = regexp.MustCompile(`\b(person|committee|message) ([1-9][0-9]*)\b`)

// AuditRefs finds the people, committees and emails a line of the audit
// log names, with where each mention is in s.
func AuditRefs(s string) []AuditRef {
	var refs []AuditRef
	for _, m := range auditRef.FindAllStringSubmatchIndex(s, -1) {
		id, err := strconv.ParseInt(s[m[4]:m[5]], 10, 64)
		if err != nil {
			continue
		}
		refs = append(refs, AuditRef{Kind: s[m[2]:m[3]], ID: id, Start: m[0], End: m[1]})
	}
	return refs
}

// AuditRef is one mention of a person, committee or email in an audit
// line: s[Start:End] is "person 34".
type AuditRef struct {
	Kind       string
	ID         int64
	Start, End int
}

// resolveAuditNames looks up, one query for each kind, everything the
// page's lines name by id.
func (db *DB) resolveAuditNames(ctx context.Context, p *AuditLogPage) error {
	ids := map[string][]any{}
	seen := map[AuditRef]bool{}
	for _, e := range p.Entries {
		for _, r := range append(AuditRefs(e.Subject), AuditRefs(e.Detail)...) {
			k := AuditRef{Kind: r.Kind, ID: r.ID}
			if !seen[k] {
				seen[k] = true
				ids[r.Kind] = append(ids[r.Kind], r.ID)
			}
		}
	}
	lookup := func(kind, query string, scan func(*sql.Rows) error) error {
		if len(ids[kind]) == 0 {
			return nil
		}
		rows, err := db.reader.QueryContext(ctx, query+" WHERE id IN ("+placeholders(len(ids[kind]))+")", ids[kind]...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	}
	var id int64
	if err := lookup("person", `SELECT id, title, name, honours FROM people`, func(rows *sql.Rows) error {
		var who Person
		err := rows.Scan(&id, &who.Title, &who.Name, &who.Honours)
		p.People[id] = who.DisplayName()
		return err
	}); err != nil {
		return err
	}
	if err := lookup("committee", `SELECT id, name FROM bodies`, func(rows *sql.Rows) error {
		var name string
		err := rows.Scan(&id, &name)
		p.Committees[id] = name
		return err
	}); err != nil {
		return err
	}
	return lookup("message", `SELECT id, kind, recipient_email FROM outbox`, func(rows *sql.Rows) error {
		var m AuditMessage
		err := rows.Scan(&id, &m.Kind, &m.To)
		p.Messages[id] = m
		return err
	})
}

// AuditActions are the actions the audit log holds, in alphabetical order.
func (db *DB) AuditActions(ctx context.Context) ([]string, error) {
	// Each step seeks the next action in the index rather than reading
	// every entry.
	rows, err := db.reader.QueryContext(ctx, `WITH RECURSIVE next(action) AS (
		SELECT min(action) FROM audit_log
		UNION ALL SELECT (SELECT min(action) FROM audit_log WHERE action > next.action) FROM next WHERE next.action IS NOT NULL)
		SELECT action FROM next WHERE action IS NOT NULL`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// AuditMeetings are the meetings the audit log has entries for, by
// committee and then newest first.
func (db *DB) AuditMeetings(ctx context.Context) ([]AuditMeeting, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT m.id, b.name, m.starts_at FROM meetings m JOIN bodies b ON b.id = m.body_id
		WHERE m.id IN (WITH RECURSIVE next(id) AS (
			SELECT min(meeting_id) FROM audit_log WHERE meeting_id IS NOT NULL
			UNION ALL SELECT (SELECT min(meeting_id) FROM audit_log WHERE meeting_id > next.id) FROM next WHERE next.id IS NOT NULL)
			SELECT id FROM next)
		ORDER BY b.name, m.starts_at DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AuditMeeting
	for rows.Next() {
		var m AuditMeeting
		var at string
		if err := rows.Scan(&m.ID, &m.Body, &at); err != nil {
			return nil, err
		}
		if m.StartsAt, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Audit records who did what, from where, in the same transaction as the
// change itself.
func (tx *Tx) Audit(e AuditEntry) error {
	_, err := tx.exec(`INSERT INTO audit_log (at, user_id, actor, address, action, subject, detail) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		formatTime(tx.Now), nullID(e.UserID), e.Actor, e.Address, e.Action, e.Subject, e.Detail)
	return err
}

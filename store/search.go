package store

import (
	"context"
	"strings"
	"time"
	"unicode"
)

// SearchHit is one published passage that matches a search: a paragraph
// of minutes, or an agenda item.
type SearchHit struct {
	MeetingID int64
	MeetingAt time.Time
	Body      string
	// Minute is set for a paragraph of minutes.
	Minute *MinuteRef
	// AgendaLabel and AgendaTitle are set for an agenda item.
	AgendaLabel string
	AgendaTitle string
	// Snippet is the passage around the match, as plain text for the page
	// to escape, with the words searched for marked.
	Snippet []SnippetPart
}

// SnippetPart is a run of a passage; Match marks the words searched for.
type SnippetPart struct {
	Text  string
	Match bool
}

// SearchQuery turns what someone typed into an FTS5 query: each word must
// appear, the last may be the start of a word, and nothing typed is read
// as query syntax. It is "" when nothing searchable was typed.
func SearchQuery(typed string) string {
	words := strings.FieldsFunc(typed, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(words) > 12 {
		words = words[:12]
	}
	for i, w := range words {
		words[i] = `"` + w + `"`
	}
	if len(words) > 0 && len([]rune(strings.Trim(words[len(words)-1], `"`))) >= 3 {
		words[len(words)-1] += "*"
	}
	return strings.Join(words, " ")
}

// Snippet markers: control characters nobody types into minutes.
const (
	markStart = "\x02"
	markEnd   = "\x03"
)

// searchCandidates bounds how many of the best-ranked matches are checked
// for being published: drafts are few in an archive, so the best published
// matches are among them.
const searchCandidates = 1000

// Search finds published minutes and agendas that contain the words typed,
// best matches first, at most limit of them. Drafts, minutes with the
// Chairman for comment, and agendas not yet published are never returned.
func (db *DB) Search(ctx context.Context, typed string, limit int) ([]SearchHit, error) {
	q := SearchQuery(typed)
	if q == "" {
		return nil, nil
	}
	// The matches are ranked by the full-text index alone first: joined to
	// other tables, SQLite would run the match once per joined row.
	rows, err := db.reader.QueryContext(ctx, `
		WITH matches AS MATERIALIZED (
			SELECT rowid AS rid, rank FROM search_text WHERE search_text MATCH ? ORDER BY rank LIMIT ?
		)
		SELECT rid, kind, meeting_id, starts_at, body, number, series, title, label FROM (
			SELECT matches.rid, matches.rank, 0 AS kind, m.id AS meeting_id, m.starts_at, b.name AS body, mi.number, mi.series,
				mi.title, '' AS label
			FROM matches JOIN minute_paragraphs p ON p.id = matches.rid / 4
			JOIN minute_items mi ON mi.id = p.minute_item_id JOIN minute_sets s ON s.id = mi.minute_set_id
			JOIN meetings m ON m.id = s.meeting_id JOIN bodies b ON b.id = m.body_id
			WHERE matches.rid % 4 = 0 AND s.status IN ('unconfirmed', 'approved', 'signed')
				AND s.version = (SELECT max(o.version) FROM minute_sets o WHERE o.meeting_id = s.meeting_id
					AND o.status IN ('unconfirmed', 'approved', 'signed'))
			UNION ALL
			SELECT matches.rid, matches.rank, 1, m.id, m.starts_at, b.name, 0, '', a.title,
				CASE WHEN a.code <> '' THEN a.code ELSE a.number END
			FROM matches JOIN agenda_items a ON a.id = matches.rid / 4
			JOIN meetings m ON m.id = a.meeting_id JOIN bodies b ON b.id = m.body_id
			WHERE matches.rid % 4 = 1 AND m.published_at IS NOT NULL
		) ORDER BY rank, starts_at DESC LIMIT ?`, q, searchCandidates, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var hits []SearchHit
	var rowids []any
	for rows.Next() {
		var h SearchHit
		var rowid int64
		var kind, number int
		var at, series, title, label string
		if err := rows.Scan(&rowid, &kind, &h.MeetingID, &at, &h.Body, &number, &series, &title, &label); err != nil {
			return nil, err
		}
		if h.MeetingAt, err = parseTime(at); err != nil {
			return nil, err
		}
		if kind == 0 {
			h.Minute = &MinuteRef{Number: number, Series: series, MeetingID: h.MeetingID, MeetingAt: h.MeetingAt, Title: title}
		} else {
			h.AgendaLabel, h.AgendaTitle = label, title
		}
		hits = append(hits, h)
		rowids = append(rowids, rowid)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if len(hits) == 0 {
		return nil, nil
	}
	// Snippets are made for the hits shown only.
	snippets, err := db.reader.QueryContext(ctx, `SELECT rowid, snippet(search_text, 0, ?, ?, '…', 24) FROM search_text
		WHERE search_text MATCH ? AND rowid IN (`+strings.TrimSuffix(strings.Repeat("?,", len(rowids)), ",")+`)`,
		append([]any{markStart, markEnd, q}, rowids...)...)
	if err != nil {
		return nil, err
	}
	defer snippets.Close()
	byRowid := map[int64]string{}
	for snippets.Next() {
		var rowid int64
		var snippet string
		if err := snippets.Scan(&rowid, &snippet); err != nil {
			return nil, err
		}
		byRowid[rowid] = snippet
	}
	if err := snippets.Err(); err != nil {
		return nil, err
	}
	for i := range hits {
		hits[i].Snippet = snippetParts(byRowid[rowids[i].(int64)])
	}
	return hits, nil
}

// snippetParts splits a marked snippet into plain and matching runs.
func snippetParts(s string) []SnippetPart {
	var parts []SnippetPart
	for s != "" {
		start := strings.Index(s, markStart)
		if start < 0 {
			parts = append(parts, SnippetPart{Text: s})
			break
		}
		if start > 0 {
			parts = append(parts, SnippetPart{Text: s[:start]})
		}
		s = s[start+len(markStart):]
		end := strings.Index(s, markEnd)
		if end < 0 {
			end = len(s)
		}
		parts = append(parts, SnippetPart{Text: s[:end], Match: true})
		s = strings.TrimPrefix(s[end:], markEnd)
	}
	return parts
}

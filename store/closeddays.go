package store

import (
	"context"
)

// ClosedDay is a day the council declared closed.
type ClosedDay struct {
	Day    string
	Reason string
}

// ClosedDays lists the days (YYYY-MM-DD) the council has declared closed.
func (db *DB) ClosedDays(ctx context.Context) ([]string, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT day FROM closed_days ORDER BY day`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// ClosedDayList lists the declared closure days with their reasons.
func (db *DB) ClosedDayList(ctx context.Context) ([]ClosedDay, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT day, reason FROM closed_days ORDER BY day`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ClosedDay
	for rows.Next() {
		var d ClosedDay
		if err := rows.Scan(&d.Day, &d.Reason); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// AddClosedDay declares a day (YYYY-MM-DD) on which the council is closed.
func (tx *Tx) AddClosedDay(day, reason string) error {
	_, err := tx.exec(`INSERT INTO closed_days (day, reason) VALUES (?, ?)`, day, reason)
	return constraintError(err, "%s is already a closure day.", day)
}

// RemoveClosedDay makes a day a working day again.
func (tx *Tx) RemoveClosedDay(day string) error {
	res, err := tx.exec(`DELETE FROM closed_days WHERE day = ?`, day)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Errorf(ENOTFOUND, "%s is not a closure day.", day)
	}
	return nil
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
)

// User is someone who signs in.
type User struct {
	ID           int64
	Email        string
	Name         string
	Role         string
	PersonID     int64
	PasswordHash string
	Disabled     bool
	// BodyIDs are the committees the account is assigned to.
	BodyIDs []int64
	// TwoFactor is true once an authenticator app is set up: sign-in and
	// signing minutes then ask for its code.
	TwoFactor bool
}

// ShouldUseTwoFactor is true for the roles that can publish, sign or
// administer, which are asked to set up an authenticator app.
func (u *User) ShouldUseTwoFactor() bool { return u.Is(RoleAdmin, RoleClerk, RoleChair) }

// The roles an account can have.
const (
	RoleAdmin  = "admin"
	RoleClerk  = "clerk"
	RoleChair  = "chair"
	RoleMember = "member"
)

// UserRoles are the roles an account can have, as people read them.
var UserRoles = map[string]string{
	RoleAdmin:  "Administrator",
	RoleClerk:  "Clerk",
	RoleChair:  "Chairman",
	RoleMember: "Member",
}

// Is says whether the account has one of the roles: the one way a role is
// checked.
func (u *User) Is(roles ...string) bool {
	if u == nil {
		return false
	}
	for _, r := range roles {
		if u.Role == r {
			return true
		}
	}
	return false
}

const userColumns = `id, email, name, role, coalesce(person_id, 0), password_hash, disabled_at IS NOT NULL,
	EXISTS (SELECT 1 FROM user_totp t WHERE t.user_id = users.id AND t.confirmed_at IS NOT NULL)`

func (db *DB) scanUser(ctx context.Context, row *sql.Row) (User, error) {
	var u User
	if err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.PersonID, &u.PasswordHash, &u.Disabled, &u.TwoFactor); err != nil {
		return u, err
	}
	rows, err := db.reader.QueryContext(ctx, `SELECT body_id FROM user_bodies WHERE user_id = ? ORDER BY body_id`, u.ID)
	if err != nil {
		return u, err
	}
	defer rows.Close()
	for rows.Next() {
		var b int64
		if err := rows.Scan(&b); err != nil {
			return u, err
		}
		u.BodyIDs = append(u.BodyIDs, b)
	}
	return u, rows.Err()
}

// UserByEmail finds an account by its email address, in any case.
func (db *DB) UserByEmail(ctx context.Context, email string) (User, error) {
	u, err := db.scanUser(ctx, db.reader.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE email = ?`, strings.TrimSpace(email)))
	if errors.Is(err, sql.ErrNoRows) {
		return u, Errorf(ENOTFOUND, "There is no account for %s.", email)
	}
	return u, err
}

// User finds an account.
func (db *DB) User(ctx context.Context, id int64) (User, error) {
	u, err := db.scanUser(ctx, db.reader.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return u, Errorf(ENOTFOUND, "There is no account %d.", id)
	}
	return u, err
}

// EntitledToExempt reports whether an account may read a body's exempt
// (Part 2) papers: administrators, the body's clerks, and its current
// members and substitutes.
func (db *DB) EntitledToExempt(ctx context.Context, u User, bodyID int64, on string) (bool, error) {
	switch u.Role {
	case "admin":
		return true, nil
	case "clerk":
		return len(u.BodyIDs) == 0 || containsID(u.BodyIDs, bodyID), nil
	}
	if containsID(u.BodyIDs, bodyID) {
		return true, nil
	}
	if u.PersonID == 0 {
		return false, nil
	}
	var n int
	err := db.reader.QueryRowContext(ctx, `SELECT count(*) FROM memberships ms WHERE ms.body_id = ? AND ms.person_id = ?
		AND `+memberOn("ms", "?"), bodyID, u.PersonID, on, on).Scan(&n)
	return n > 0, err
}

// ClerksBody reports whether a clerk or administrator looks after a body.
func ClerksBody(u User, bodyID int64) bool {
	switch u.Role {
	case "admin":
		return true
	case "clerk":
		return len(u.BodyIDs) == 0 || containsID(u.BodyIDs, bodyID)
	}
	return false
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// CreateUser adds an account assigned to the given committees.
func (tx *Tx) CreateUser(u User) (int64, error) {
	u.Email = strings.TrimSpace(u.Email)
	if _, ok := UserRoles[u.Role]; !ok {
		return 0, Errorf(EINVALID, "%q is not a role: use admin, clerk, chair or member.", u.Role)
	}
	if !strings.Contains(u.Email, "@") {
		return 0, Errorf(EINVALID, "%q is not an email address.", u.Email)
	}
	if strings.TrimSpace(u.Name) == "" {
		return 0, Errorf(EINVALID, "The account needs a name.")
	}
	id, err := tx.insert(`INSERT INTO users (email, name, role, person_id, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		u.Email, u.Name, u.Role, nullID(u.PersonID), u.PasswordHash, formatTime(tx.Now))
	if err != nil {
		return 0, constraintError(err, "There is already an account for %s.", u.Email)
	}
	for _, b := range u.BodyIDs {
		if _, err := tx.exec(`INSERT INTO user_bodies (user_id, body_id) VALUES (?, ?)`, id, b); err != nil {
			var n int
			_ = tx.QueryRowContext(tx.ctx, `SELECT count(*) FROM bodies WHERE id = ?`, b).Scan(&n)
			if n == 0 {
				return 0, Errorf(ENOTFOUND, "There is no committee %d.", b)
			}
			return 0, err
		}
	}
	return id, nil
}

// SessionDB is the connection the session manager keeps its sessions on:
// the writer, as it writes.
func (db *DB) SessionDB() *sql.DB { return db.writer }

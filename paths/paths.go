// Package paths names the addresses that leave minutebook in emails and
// documents. The server routes them and the dispatcher links to them from
// the same constants, so that renaming a route cannot break a link that is
// already in somebody's inbox without a test noticing.
package paths

import (
	"strconv"
	"strings"
)

// Route patterns, in Echo's form.
const (
	Meeting           = "/meetings/:id"
	PublicPack        = "/meetings/:id/pack.pdf"
	MembersPack       = "/meetings/:id/pack-members.pdf"
	SupplementaryPack = "/meetings/:id/pack-supplementary.pdf"
	// MembersSupplementaryPack carries late exempt papers, for those
	// entitled to them.
	MembersSupplementaryPack = "/meetings/:id/pack-supplementary-members.pdf"
	// IssuedPack is one pack as an issue of the agenda sent it, kept as sent.
	IssuedPack          = "/meetings/:id/packs/:pack"
	ClerkMeeting        = "/clerk/meetings/:id"
	MyMeetings          = "/my-meetings"
	ConfirmSubscription = "/subscriptions/confirm"
	Unsubscribe         = "/unsubscribe"
	ForwardPlan         = "/forward-plan"
	Decisions           = "/decisions"
	// Decision is one decision, by its reference as a path segment
	// (23/00097 is 23-00097).
	Decision = "/decisions/:ref"
)

// For fills a pattern's :id.
func For(pattern string, id int64) string {
	return strings.Replace(pattern, ":id", strconv.FormatInt(id, 10), 1)
}

// ForIssuedPack is the address of one issued pack of a meeting.
func ForIssuedPack(meetingID, packID int64) string {
	return strings.Replace(For(IssuedPack, meetingID), ":pack", strconv.FormatInt(packID, 10), 1)
}

// ForDecision is the address of a decision from its reference, "23/00097".
func ForDecision(reference string) string {
	return strings.Replace(Decision, ":ref", strings.Replace(reference, "/", "-", 1), 1)
}

// WithToken is a pattern with its token query, as confirmation and
// unsubscribe links carry it.
func WithToken(pattern, token string) string { return pattern + "?token=" + token }

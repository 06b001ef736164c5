package dispatch

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"minutebook/store"
)

// Sender delivers one message; mail.Sender is the real one.
type Sender interface {
	Send(ctx context.Context, from string, to []string, msg []byte) error
}

// Dispatcher sends what the outbox owes.
type Dispatcher struct {
	DB       *store.DB
	Sender   Sender
	Composer *Composer
	// Envelope is the envelope sender (MAIL FROM).
	Envelope string
	// Temporary says whether a failure may pass: such messages are retried.
	Temporary func(error) bool
	// Lease is how long a message may be in flight before it is taken to
	// have been lost in a crash and is sent again.
	Lease time.Duration
	// MaxAttempts is when a message that keeps failing is given up.
	MaxAttempts int
	Logger      *slog.Logger
	Now         func() time.Time
}

// Counts is what one pass did.
type Counts struct {
	Sent, Retried, Failed int
}

func (d *Dispatcher) defaults() {
	if d.Lease <= 0 {
		d.Lease = 10 * time.Minute
	}
	if d.MaxAttempts <= 0 {
		d.MaxAttempts = 8
	}
	if d.Now == nil {
		d.Now = d.DB.Now
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
}

// backoff is the wait before attempt n+1: a minute, doubling, at most an
// hour.
func backoff(attempts int) time.Duration {
	d := time.Minute << min(attempts-1, 6)
	return min(d, time.Hour)
}

// RunOnce sends every message due now and returns what happened to them.
// It claims and sends one message at a time, so that a crash between the
// mail server's acceptance and the commit that marks the message sent can
// send at most that one message twice.
func (d *Dispatcher) RunOnce(ctx context.Context) (Counts, error) {
	d.defaults()
	var total Counts
	for ctx.Err() == nil {
		batch, err := d.DB.ClaimDue(ctx, 1, d.Lease)
		if err != nil || len(batch) == 0 {
			return total, err
		}
		outcome, err := d.send(ctx, batch[0])
		switch outcome {
		case "sent":
			total.Sent++
		case "retrying":
			total.Retried++
		case "failed":
			total.Failed++
		}
		if err != nil {
			return total, err
		}
	}
	return total, ctx.Err()
}

// send delivers one message and records the outcome; an error is one of
// the record's own, not of the mail.
func (d *Dispatcher) send(ctx context.Context, msg store.OutboxMessage) (string, error) {
	body, err := d.Composer.Compose(ctx, msg)
	if err == nil {
		err = d.Sender.Send(ctx, d.Envelope, []string{msg.Email}, body)
	}
	// The record is written even if the pass is being cancelled.
	record := context.WithoutCancel(ctx)
	switch {
	case err == nil:
		return "sent", d.DB.MarkSent(record, msg.ID)
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		return "retrying", d.DB.MarkRetry(record, msg.ID, d.Now(), "interrupted: "+err.Error())
	case d.Temporary != nil && d.Temporary(err) && msg.Attempts < d.MaxAttempts:
		d.Logger.Warn("email will be retried", "to", msg.Email, "attempt", msg.Attempts, "err", err)
		return "retrying", d.DB.MarkRetry(record, msg.ID, d.Now().Add(backoff(msg.Attempts)), err.Error())
	default:
		reason := err.Error()
		if msg.Attempts >= d.MaxAttempts {
			reason = fmt.Sprintf("gave up after %d attempts: %s", msg.Attempts, reason)
		}
		d.Logger.Error("email failed", "to", msg.Email, "err", err)
		return "failed", d.DB.MarkFailed(record, msg.ID, reason)
	}
}

// Run sends due messages every interval until ctx ends.
func (d *Dispatcher) Run(ctx context.Context, interval time.Duration) {
	d.defaults()
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		if c, err := d.RunOnce(ctx); err != nil && ctx.Err() == nil {
			d.Logger.Error("sending email", "err", err)
		} else if c != (Counts{}) {
			d.Logger.Info("emails sent", "sent", c.Sent, "retrying", c.Retried, "failed", c.Failed)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

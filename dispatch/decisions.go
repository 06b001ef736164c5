package dispatch

import (
	"bytes"
	"context"
	"html/template"
	"strings"
	texttemplate "text/template"

	"minutebook/agenda"
	"minutebook/paths"
	"minutebook/store"
)

type decisionData struct {
	agenda.DecisionMail
	Name, Link, Unsubscribe string
	Forward                 bool
}

// lines splits text the clerk wrote into its lines, for paragraphs.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

var decisionFuncs = map[string]any{"lines": lines}

var decisionText = texttemplate.Must(texttemplate.New("text").Funcs(decisionFuncs).Parse(`Dear {{.Name}},
{{if .Forward}}
A key decision has been added to the forward plan{{if .Exception}}, under {{if eq .Exception "General exception"}}the general exception{{else}}special urgency{{end}}{{end}}.

{{.Reference}}  {{.Title}}

Decision maker: {{.DecisionMaker}}
{{.Due}}
Notice published: {{.NoticePublishedOn}}
{{- if .ExceptionReasons}}

{{.Exception}}: {{.ExceptionReasons}}
{{- end}}
{{- if .ProposedDecision}}

Proposed decision:
{{range lines .ProposedDecision}}{{.}}
{{end}}{{end}}
The forward plan online: {{.Link}}
{{else}}
The record of decision {{.Reference}} has been published.

{{.Reference}}  {{.Title}}

Decision maker: {{.DecisionMaker}}
Date of decision: {{.DecidedOn}}
Published: {{.PublishedOn}}
{{.CallIn}}
Effective from: {{.EffectiveFrom}}

Decision:
{{range lines .Decision}}{{.}}
{{end}}
The record online: {{.Link}}
{{end}}
Democratic Services
{{if .Unsubscribe}}
To stop these emails: {{.Unsubscribe}}
{{end}}`))

var decisionHTML = template.Must(template.New("html").Funcs(decisionFuncs).Parse(`<!DOCTYPE html>
<html lang="en-GB"><body style="font-family: Arial, sans-serif; font-size: 16px; color: #0b0c0c;">
<p>Dear {{.Name}},</p>
{{if .Forward -}}
<p>A key decision has been added to the forward plan{{if .Exception}}, under {{if eq .Exception "General exception"}}the general exception{{else}}special urgency{{end}}{{end}}.</p>
<h2 style="font-size: 19px;">{{.Reference}} {{.Title}}</h2>
<p><strong>Decision maker:</strong> {{.DecisionMaker}}<br><strong>{{.Due}}</strong><br><strong>Notice published:</strong> {{.NoticePublishedOn}}</p>
{{if .ExceptionReasons}}<p><strong>{{.Exception}}:</strong> {{.ExceptionReasons}}</p>{{end}}
{{if .ProposedDecision}}<p><strong>Proposed decision:</strong></p>{{range lines .ProposedDecision}}<p>{{.}}</p>{{end}}{{end}}
<p><a href="{{.Link}}">The forward plan online</a></p>
{{- else -}}
<p>The record of decision {{.Reference}} has been published.</p>
<h2 style="font-size: 19px;">{{.Reference}} {{.Title}}</h2>
<p><strong>Decision maker:</strong> {{.DecisionMaker}}<br><strong>Date of decision:</strong> {{.DecidedOn}}<br><strong>Published:</strong> {{.PublishedOn}}<br>
<strong>{{.CallIn}}</strong><br><strong>Effective from:</strong> {{.EffectiveFrom}}</p>
<p><strong>Decision:</strong></p>
{{range lines .Decision}}<p>{{.}}</p>
{{end}}<p><a href="{{.Link}}">The record online</a></p>
{{- end}}
<p>Democratic Services</p>
{{if .Unsubscribe}}<p style="font-size: 14px;"><a href="{{.Unsubscribe}}">Stop these emails</a></p>{{end}}
</body></html>
`))

// decision builds the email of a decision's published record, or of a
// new forward plan entry, from the public words fixed when it was queued.
func (c *Composer) decision(_ context.Context, msg store.OutboxMessage) ([]byte, error) {
	m, err := agenda.ReadDecisionMail(msg.Reason)
	if err != nil {
		return nil, err
	}
	base := strings.TrimRight(c.BaseURL, "/")
	d := decisionData{DecisionMail: m, Name: msg.Name, Forward: msg.Kind == store.KindForwardPlanEntry}
	subject := "Decision published: " + m.Reference + " " + m.Title
	d.Link = base + paths.ForDecision(m.Reference)
	if d.Forward {
		subject = "Forward plan: " + m.Reference + " " + m.Title
		if m.Exception != "" {
			subject = "Forward plan, " + strings.ToLower(m.Exception) + ": " + m.Reference + " " + m.Title
		}
		d.Link = base + paths.ForwardPlan
	}
	if d.Name == "" {
		d.Name = "councillor"
	}
	e, err := c.newMessage(msg.Name, msg, subject)
	if err != nil {
		return nil, err
	}
	if msg.Token != "" {
		d.Name = "subscriber"
		d.Unsubscribe = base + paths.WithToken(paths.Unsubscribe, msg.Token)
		e.Headers.Set("List-Unsubscribe", "<"+d.Unsubscribe+">")
		e.Headers.Set("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
	}
	var text, html bytes.Buffer
	if err := decisionText.Execute(&text, d); err != nil {
		return nil, err
	}
	if err := decisionHTML.Execute(&html, d); err != nil {
		return nil, err
	}
	e.Text, e.HTML = text.Bytes(), html.Bytes()
	return e.Bytes()
}

// topics say what a subscription without a body is to, as its emails
// and pages put it.
var topics = map[string]string{
	store.TopicForwardPlan: "new entries on the forward plan of key decisions",
	store.TopicDecisions:   "executive decisions as their records are published",
}

// topicConfirmation asks a new subscriber to the forward plan or to
// decisions to confirm.
func (c *Composer) topicConfirmation(msg store.OutboxMessage) ([]byte, error) {
	what := topics[msg.Topic]
	link := strings.TrimRight(c.BaseURL, "/") + paths.WithToken(paths.ConfirmSubscription, msg.ConfirmToken)
	subject := map[string]string{store.TopicForwardPlan: "Confirm your subscription to the forward plan",
		store.TopicDecisions: "Confirm your subscription to executive decisions"}[msg.Topic]
	e, err := c.newMessage("", msg, subject)
	if err != nil {
		return nil, err
	}
	e.Text = []byte("Someone, probably you, asked for " + what + " to be emailed to this address.\n\n" +
		"To confirm, open this link and press Confirm:\n" + link + "\n\nIf it was not you, ignore this email: nothing will be sent.\n\nDemocratic Services\n")
	e.HTML = []byte(`<!DOCTYPE html><html lang="en-GB"><body style="font-family: Arial, sans-serif; font-size: 16px;">` +
		`<p>Someone, probably you, asked for ` + template.HTMLEscapeString(what) + ` to be emailed to this address.</p>` +
		`<p><a href="` + template.HTMLEscapeString(link) + `">Confirm your subscription</a></p>` +
		`<p>If it was not you, ignore this email: nothing will be sent.</p><p>Democratic Services</p></body></html>`)
	return e.Bytes()
}

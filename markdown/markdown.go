// Package markdown renders text that people type (minutes, decisions) as
// HTML that is safe to put on a page: no raw HTML, no script links.
package markdown

import (
	"bytes"
	"html/template"
	"net/url"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Renderer turns Markdown into safe HTML with GOV.UK classes on the
// elements that need them. It is safe for concurrent use.
type Renderer struct {
	md goldmark.Markdown
	// plain parses without the transformer, so that Check sees what the
	// author wrote before anything unsafe is dropped.
	plain parser.Parser
}

// New builds a renderer. Raw HTML is never passed through: goldmark omits
// it unless told otherwise, and we never tell it otherwise.
func New() *Renderer {
	md := goldmark.New(
		goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(&govukTransformer{}, 100))),
		goldmark.WithRendererOptions(html.WithHardWraps()),
	)
	plain := goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify))
	return &Renderer{md: md, plain: plain.Parser()}
}

// Check lists what in src would not be published as written, each as a
// sentence saying what to do instead: links that are not web or email
// addresses, pictures and raw HTML.
func (r *Renderer) Check(src string) []string {
	source := []byte(src)
	doc := r.plain.Parse(text.NewReader(source))
	var problems []string
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch v := n.(type) {
		case *ast.Link:
			if !SafeURL(string(v.Destination)) {
				problems = append(problems, "The link to \u201c"+clip(string(v.Destination))+"\u201d cannot be published: a link must be a web address starting https:// or http://, or an email address starting mailto:.")
			}
		case *ast.AutoLink:
			if !SafeURL(string(v.URL(source))) {
				problems = append(problems, "The link to \u201c"+clip(string(v.URL(source)))+"\u201d cannot be published: a link must be a web address starting https:// or http://, or an email address starting mailto:.")
			}
		case *ast.Image:
			problems = append(problems, "Pictures cannot go in the minutes: put \u201c"+clip(string(v.Destination))+"\u201d in a report instead.")
		case *ast.RawHTML, *ast.HTMLBlock:
			problems = append(problems, "HTML is not shown in the minutes: write the text in Markdown, for example **bold** or a list that starts with -, instead of HTML tags.")
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return problems
}

// clip shortens what the author wrote for quoting in a message.
func clip(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "\u2026"
	}
	return s
}

// Render converts src to HTML; a failure renders the text escaped.
func (r *Renderer) Render(src string) template.HTML {
	var buf bytes.Buffer
	if err := r.md.Convert([]byte(src), &buf); err != nil {
		return template.HTML("<p class=\"govuk-body\">" + template.HTMLEscapeString(src) + "</p>")
	}
	return template.HTML(buf.String())
}

// SafeURL is true for links a reader can follow without running code:
// http, https and mailto, and links within the site.
func SafeURL(raw string) bool {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https", "mailto":
		return true
	case "":
		return !strings.HasPrefix(strings.TrimSpace(raw), "//")
	}
	return false
}

type govukTransformer struct{}

// Transform styles the document the GOV.UK way and drops any link or
// image whose address is not safe, keeping its text.
func (govukTransformer) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	source := reader.Source()
	var unsafe []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch v := n.(type) {
		case *ast.Paragraph:
			v.SetAttributeString("class", []byte("govuk-body"))
		case *ast.List:
			if v.IsOrdered() {
				v.SetAttributeString("class", []byte("govuk-list govuk-list--number"))
			} else {
				v.SetAttributeString("class", []byte("govuk-list govuk-list--bullet"))
			}
		case *ast.Heading:
			v.SetAttributeString("class", []byte("govuk-heading-s"))
		case *ast.Link:
			if !SafeURL(string(v.Destination)) {
				unsafe = append(unsafe, v)
			} else {
				v.SetAttributeString("class", []byte("govuk-link"))
			}
		case *ast.AutoLink:
			if !SafeURL(string(v.URL(source))) {
				unsafe = append(unsafe, v)
			}
		case *ast.Image:
			unsafe = append(unsafe, v)
		case *east.Table:
			v.SetAttributeString("class", []byte("govuk-table"))
		}
		return ast.WalkContinue, nil
	})
	for _, n := range unsafe {
		parent := n.Parent()
		if parent == nil {
			continue
		}
		if _, isAuto := n.(*ast.AutoLink); isAuto {
			parent.RemoveChild(parent, n)
			continue
		}
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
}

// Package markdown renders text that people type (minutes, decisions) as
// HTML that is safe to put on a page: no raw HTML, no script links.
package markdown

import (
	"bytes"
	"fmt"
	"html/template"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

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
// addresses, pictures, raw HTML, NUL characters and text over MaxLength.
func (r *Renderer) Check(src string) []string {
	var problems []string
	// Markdown turns NUL into U+FFFD; the text is refused instead, so what
	// is saved is what was shown.
	if i := strings.IndexByte(src, 0); i >= 0 {
		problems = append(problems, fmt.Sprintf("Line %d contains a NUL character, an invisible code that usually comes from pasting out of another program: retype that line, or paste the text as plain text, and save again.", strings.Count(src[:i], "\n")+1))
	}
	if tooLong(src) {
		return append(problems, fmt.Sprintf("The text is %d characters long, more than the %d allowed for one minute: split it into two minutes.", utf8.RuneCountInString(src), MaxLength))
	}
	source := []byte(src)
	doc := r.plain.Parse(text.NewReader(source))
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

// MaxLength is the longest text, in characters, that is read as Markdown.
// Parsing some texts (thousands of unclosed links or nested lists) takes
// time that grows with the square of their length; longer texts are
// refused by Check and shown as plain text.
const MaxLength = 20000

func tooLong(src string) bool {
	return len(src) > MaxLength && utf8.RuneCountInString(src) > MaxLength
}

// Render converts src to HTML; a failure renders the text escaped.
func (r *Renderer) Render(src string) template.HTML {
	var buf bytes.Buffer
	if tooLong(src) {
		return template.HTML("<p class=\"govuk-body\">" + template.HTMLEscapeString(src) + "</p>")
	}
	if err := r.md.Convert([]byte(src), &buf); err != nil {
		return template.HTML("<p class=\"govuk-body\">" + template.HTMLEscapeString(src) + "</p>")
	}
	return template.HTML(buf.String())
}

// SafeURL is true for links a reader can follow without running code:
// http, https and mailto, and links within the site. It judges the address
// both as written and as goldmark writes it into href, with backslash
// escapes and character references decoded, so that java&#x09;script: is
// seen for what it is. Addresses with control characters, tabs or newlines
// are refused: browsers drop those from a scheme.
func SafeURL(raw string) bool {
	decoded := util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations([]byte(raw))))
	return safeURL(raw) && safeURL(string(decoded))
}

func safeURL(raw string) bool {
	if strings.ContainsFunc(raw, unicode.IsControl) {
		return false
	}
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https", "mailto":
		return true
	case "":
		// "//host" and "\\host" leave the site; browsers read \ as /.
		return len(raw) < 2 || !strings.ContainsRune(`/\`, rune(raw[0])) || !strings.ContainsRune(`/\`, rune(raw[1]))
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

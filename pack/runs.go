package pack

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// piece is text in one face, a piece of a line of mixed faces.
type piece struct {
	f face
	s string
}

func piecesWidth(size float64, rs []piece) float64 {
	w := 0.0
	for _, r := range rs {
		w += width(r.f, size, r.s)
	}
	return w
}

// appendRun adds r to rs, joining it to the last run when the face is the
// same so that a line is drawn with as few font changes as it needs.
func appendRun(rs []piece, r piece) []piece {
	if r.s == "" {
		return rs
	}
	if n := len(rs); n > 0 && rs[n-1].f == r.f {
		rs[n-1].s += r.s
		return rs
	}
	return append(rs, r)
}

// words splits runs at spaces into words, each word keeping the faces of its
// pieces, so that "**RESOLVED**:" stays one word. A nil word stands for a
// line break. A no-break space does not split.
func words(rs []piece) [][]piece {
	var out [][]piece
	var cur []piece
	flush := func() {
		if len(cur) > 0 {
			out = append(out, cur)
			cur = nil
		}
	}
	for _, r := range rs {
		start := 0
		for i, c := range r.s {
			if c != '\n' && (c == '\u00a0' || !unicode.IsSpace(c)) {
				continue
			}
			cur = appendRun(cur, piece{r.f, r.s[start:i]})
			flush()
			if c == '\n' {
				out = append(out, nil)
			}
			start = i + utf8.RuneLen(c)
		}
		cur = appendRun(cur, piece{r.f, r.s[start:]})
	}
	flush()
	return out
}

// wrapRuns breaks runs of mixed faces into lines no wider than max, at
// spaces where it can and inside a word only when the word alone is too
// wide, measuring each piece in its own face. It returns at least one line.
func wrapRuns(size, max float64, rs []piece) [][]piece {
	var lines [][]piece
	var line []piece
	lw := 0.0
	for _, w := range words(rs) {
		if w == nil {
			lines = append(lines, line)
			line, lw = nil, 0
			continue
		}
		ww := piecesWidth(size, w)
		if len(line) > 0 {
			last := line[len(line)-1].f
			if sp := width(last, size, " "); lw+sp+ww <= max {
				line = appendRun(line, piece{last, " "})
				for _, r := range w {
					line = appendRun(line, r)
				}
				lw += sp + ww
				continue
			}
			lines = append(lines, line)
			line, lw = nil, 0
		}
		if ww <= max {
			line, lw = w, ww
			continue
		}
		// A word wider than the line, such as a long address: cut it
		// where it reaches the margin and carry on with the rest.
		for _, r := range w {
			for _, c := range r.s {
				cw := width(r.f, size, string(c))
				if len(line) > 0 && lw+cw > max {
					lines = append(lines, line)
					line, lw = nil, 0
				}
				line = appendRun(line, piece{r.f, string(c)})
				lw += cw
			}
		}
	}
	if len(line) > 0 || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}

// plainPieces is the text of a line, for tests.
func plainPieces(rs []piece) string {
	var sb strings.Builder
	for _, r := range rs {
		sb.WriteString(r.s)
	}
	return sb.String()
}

// Package static holds the stylesheets, scripts and images, embedded into
// the binary. build/ is made by `make assets` from the GOV.UK Frontend
// package; a binary built without it serves unstyled pages.
package static

import "embed"

// FS holds every asset.
//
//go:embed *
var FS embed.FS

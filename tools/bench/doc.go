// Package bench holds the benchmarks of the build line (no code of its own): Hugo builds and
// verify runs over the real site and over generated sites of 100, 1,000 and 3,000 pages in
// each of the three languages, made from the real templates, i18n strings, assets and data.
//
//	go test -run '^$' -bench . -benchtime 1x ./tools/bench/
//
// Each benchmark reports ns/op for one build (or one verify run), pages/s and ms/page; the
// real-site benchmark also reports the heaviest and the median page weight (gzip bytes).
// They measure, they never assert a time.
package bench

// Package bench holds the benchmark of the build line, stage by stage, and the writer of the
// README's performance table (table.go, `protege bench-table`). BenchmarkStages times each
// stage of `make build` alone (check, PDF kit, Hugo, verify, precompress fresh and warm), then
// the whole build, over the real site and over generated sites of 1,000 and 3,000 pages in
// each of the three languages, made from the real templates, i18n strings, assets and data.
//
//	make bench    # go test -run '^$' -bench . -benchtime 1x ./tools/bench/, then the README table
//
// Each result reports ns/op, pages, pages/s and ms/page; the real site also reports the
// heaviest and the median page weight (gzip bytes). They measure, they never assert a time.
package bench

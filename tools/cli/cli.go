// Package cli dispatches the protege subcommands. Each subcommand lives in its own file of
// this package and calls into the package that does the work; the table below lists them all.
// A command reads the environment and standard input only through the Env it is given, so a
// test sets both (testdata/*.txtar).
package cli

import (
	"fmt"
	"io"
	"strings"
)

// Env is what a command gets from the process besides its arguments.
type Env struct {
	// Getenv reads an environment variable ("" when unset). main passes os.Getenv.
	Getenv func(string) string
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
}

// Command is one subcommand: it gets its arguments (without its name) and returns the exit code.
type Command struct {
	Name    string
	Summary string
	Run     func(args []string, env Env) int
}

// commands are the subcommands, in the order `protege help` lists them.
func commands() []Command {
	return []Command{
		{"check", "check content, translations, i18n strings, links and hotline data", runCheck},
		{"status", "translation status per page and language, and missing i18n keys (-diff PAGE: the Spanish changes to carry over)", runStatus},
		{"new", "add a page in es, en and fr with a shared translationKey", runNew},
		{"materials", "generate the PDF kit for businesses (every language and paper size) into -out", runMaterials},
		// build's body belongs to the build pipeline; it needs the environment (STRICT) and the output streams.
		{"build", "render the site into a temporary folder, verify it, then swap it into -out",
			runBuild},
		{"release-check", "refuse a release build whose base URL is a placeholder or whose publisher is not set", runReleaseCheck},
		{"verify", "check a built site: links, page rules, privacy, budgets, sitemaps", runVerify},
		{"precompress", "write a deterministic .gz next to each html/css/js/svg/xml/json file of a built site", runPrecompress},
		{"deploy-configs", "write the host configs in deploy/ from deploy/headers.toml (-check: list drift)", runDeployConfigs},
		{"bench-table", "write the README's performance table from `go test -bench Stages` output (make bench)", runBenchTable},
	}
}

// Run runs the subcommand named by args[0] and returns the process exit code. getenv reads
// the environment (nil: an empty one); stdin may be nil (nothing to read).
func Run(args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	env := Env{Getenv: getenv, Stdin: stdin, Stdout: stdout, Stderr: stderr}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.Name == args[0] {
			return c.Run(args[1:], env)
		}
	}
	fmt.Fprintf(stderr, "protege: unknown command %q\n\n", args[0])
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: protege <command> [flags]\n\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-15s %s\n", c.Name, c.Summary)
	}
}

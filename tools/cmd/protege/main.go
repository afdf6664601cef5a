// Command protege is the Protege toolchain: content checks, materials, build, verify.
// Run "protege help" for the subcommands.
package main

import (
	"os"

	"protege/tools/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr))
}

// Command composecheck loads Compose files with compose-go, the loader Docker Compose itself
// uses: JSON-schema validation against the embedded compose-spec.json, interpolation, merging
// of override files, normalisation and consistency checks (unknown services in depends_on,
// undefined volumes, ...). It prints the resolved project as JSON for tests/containers to
// inspect, or the loader's error and exit status 1.
//
// Usage: composecheck [-env KEY=VALUE]... FILE...
// Only -env values are used for interpolation, never the caller's environment, so the result
// does not depend on what a developer has exported. -env COMPOSE_PROFILES=a,b turns profiles
// on, as it does for docker compose; without it, services of a profile are left out.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/compose-spec/compose-go/v2/cli"
)

type envFlag []string

func (e *envFlag) String() string     { return strings.Join(*e, ",") }
func (e *envFlag) Set(v string) error { *e = append(*e, v); return nil }

func main() {
	var env envFlag
	flag.Var(&env, "env", "KEY=VALUE for interpolation (repeatable)")
	flag.Parse()
	if flag.NArg() == 0 {
		fail(fmt.Errorf("usage: composecheck [-env KEY=VALUE]... FILE..."))
	}
	dir, err := filepath.Abs(filepath.Dir(flag.Arg(0)))
	if err != nil {
		fail(err)
	}
	opts, err := cli.NewProjectOptions(flag.Args(),
		cli.WithWorkingDirectory(dir),
		cli.WithEnv(env),
		cli.WithDefaultProfiles(),
		cli.WithInterpolation(true),
		cli.WithNormalization(true),
		cli.WithConsistency(true),
		cli.WithResolvedPaths(true),
	)
	if err != nil {
		fail(err)
	}
	project, err := opts.LoadProject(context.Background())
	if err != nil {
		fail(err)
	}
	out, err := project.MarshalJSON()
	if err != nil {
		fail(err)
	}
	fmt.Println(string(out))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "composecheck:", err)
	os.Exit(1)
}

// Command contracts is the Go contract tool used by tests/contract to prove that Python, Go
// and TypeScript agree on every shared test vector (docs/conventions.md).
//
//	contracts vectors DIR    JSON report of every vector's verdict on stdout
//	contracts roundtrip NAME one JSON value on stdin, decoded and re-encoded on stdout
//	contracts constants FILE JSON report: generated constants vs the expectations in FILE
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"polyglot-media/go-worker/internal/contracts"
)

const usage = "usage: contracts vectors DIR | contracts roundtrip NAME | contracts constants FILE"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) != 2 {
		fmt.Fprintln(stderr, usage)
		return 2
	}
	switch args[0] {
	case "vectors":
		return vectors(args[1], stdout, stderr)
	case "roundtrip":
		return roundtrip(args[1], stdin, stdout, stderr)
	case "constants":
		return constants(args[1], stdout, stderr)
	}
	fmt.Fprintln(stderr, usage)
	return 2
}

func vectors(dir string, stdout, stderr io.Writer) int {
	report, err := contracts.RunVectors(dir)
	if err != nil {
		fmt.Fprintf(stderr, "contracts: %v\n", err)
		return 2
	}
	if err := json.NewEncoder(stdout).Encode(report); err != nil {
		fmt.Fprintf(stderr, "contracts: write report: %v\n", err)
		return 2
	}
	fmt.Fprintf(stderr, "go: %d vectors, %d failures\n", report.Vectors, report.Failures)
	if report.Failures > 0 {
		return 1
	}
	return 0
}

func constants(path string, stdout, stderr io.Writer) int {
	report, err := contracts.CheckConstants(path)
	if err != nil {
		fmt.Fprintf(stderr, "contracts: %v\n", err)
		return 2
	}
	if err := json.NewEncoder(stdout).Encode(report); err != nil {
		fmt.Fprintf(stderr, "contracts: write report: %v\n", err)
		return 2
	}
	fmt.Fprintf(stderr, "go: constants, %d mismatches\n", report.Failures)
	if report.Failures > 0 {
		return 1
	}
	return 0
}

func roundtrip(name string, stdin io.Reader, stdout, stderr io.Writer) int {
	data, err := io.ReadAll(stdin)
	if err != nil {
		fmt.Fprintf(stderr, "contracts: read stdin: %v\n", err)
		return 1
	}
	if err := contracts.Validate(name, data); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	// Like the Python tool: the re-encoded typed value, or the value itself when there is no
	// generated type or the type refuses a schema-valid value (the vectors report that case
	// as typed=false).
	out := data
	if typed, encoded := contracts.TypedRoundtrip(name, data); typed != nil && *typed {
		out = encoded
	}
	value, err := contracts.Decode(out)
	if err == nil {
		out, err = json.Marshal(value) // compact, one line, numbers exactly as written
	}
	if err != nil {
		fmt.Fprintf(stderr, "contracts: encode: %v\n", err)
		return 1
	}
	fmt.Fprintln(stdout, string(out))
	return 0
}

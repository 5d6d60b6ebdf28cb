package client

// Usage is the help text (-h, --help); the TypeScript client's, with this binary's name.
const Usage = `usage: bin/client COMMAND ...

Run the polyglot media pipeline (the Go client; same commands as media-pipeline).

commands:
  run SOURCE [options]     start the pipeline and wait for its result
  start SOURCE [options]   start the pipeline and print the workflow id (run --no-wait)
  status ID                status of a run, with its progress while it runs
  result ID                wait for a run and print its result
  cancel ID                cancel a run, wait (up to 60 s) for it to close, print its status
  batch FILE [options]     run many videos: FILE lists URLs or requests, one per line

SOURCE is an http(s) URL, a media:// reference or a local file (copied into MEDIA_ROOT,
default .data/media).

options of run and start:
  --id ID                  workflow id (default: media- + 20 hex of the URL's sha256)
  --json                   print only the final JSON
  --wait, --no-wait        wait for the result (default: run waits, start does not)
  --strategy S             interval, keyframes or scene
  --interval-seconds N     seconds between frames (interval strategy)
  --max-frames N           upper bound on extracted frames
  --no-storyboard          do not build the storyboard
  --keep-frames            keep the extracted frames in the media store
  -h, --help               show this help

options of batch:
  --id ID                  batch workflow id (default: batch- + 16 hex of the file's sha256)
  --max-in-flight N        child pipelines running at once (default 4)
  --continue-every N       children per workflow run before it continues as new (default 100)
  --json                   print only the final JSON
  --wait, --no-wait        wait for the result (default: wait)

FILE has one video per line: a bare URL, or JSON (a URL string or a PipelineRequest object);
blank lines and lines starting with # are skipped. Up to 1000 entries are sent inline; a
longer list is copied into MEDIA_ROOT (manifests/<sha256 prefix>.jsonl) and sent by reference.
While it waits, batch prints the progress on stderr when it changes.

The connection comes from Temporal's environment configuration (TEMPORAL_ADDRESS,
TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS*, TEMPORAL_PROFILE), default localhost:7233.
Exit status: 0 done, 1 the run or the command failed, 2 bad usage or Temporal unreachable.
`

"""The labelled shot-boundary clip set and its evaluation against PySceneDetect (tests, bench)."""

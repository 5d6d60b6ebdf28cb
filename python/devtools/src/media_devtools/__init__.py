"""Developer tools of the media pipeline: the local stack (`make up`), the demo, the sample-clip
generator and the benchmarks. Not part of any worker image: workers install `media_pipeline` only."""

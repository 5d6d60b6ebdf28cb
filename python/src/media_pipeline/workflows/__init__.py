"""MediaProcessingWorkflow and the pure functions it plans with."""

// These tests start and stop hosts with their own settings (restarts, budgets, refused origins).
// They run in their own test process, apart from the suite that shares one long-lived host:
// Hangfire keeps process-wide state, and hosts coming and going starved the shared host's jobs.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

// Each test class starts its own host (some with their own settings); on two cores, running them
// one after another keeps timings of the concurrency tests meaningful.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

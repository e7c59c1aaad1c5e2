// Each test class starts its own host (some with their own settings); on two cores, running them
// one after another keeps timings of the concurrency tests meaningful. Hosts in one process
// disturb each other's job servers (Hangfire keeps process-wide state): the collection that
// shares one long-lived host runs first, then the classes whose tests start and stop their own.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
[assembly: TestCollectionOrderer("Telephony.MediaCache.Tests.Support.SharedHostFirst", "Telephony.MediaCache.Tests")]

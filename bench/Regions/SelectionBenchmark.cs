using BenchmarkDotNet.Attributes;
using Telephony.Regions.Catalog;
using Telephony.Regions.Selection;

namespace Telephony.Regions.Bench;

/// <summary>One selection among 1,000 resources in 10 regions, the media region full so the latency tier decides.</summary>
[MemoryDiagnoser]
public class SelectionBenchmark
{
    private static readonly string[] Ids = ["us1", "us2", "ie1", "de1", "au1", "jp1", "sg1", "br1", "in1", "ca1"];
    private ResourceSelector _selector = null!;
    private List<Candidate> _candidates = null!;

    [GlobalSetup]
    public void Setup()
    {
        var options = new RegionsOptions { Local = "us1" };
        var random = new Random(1);
        for (var i = 0; i < Ids.Length; i++)
        {
            options.Catalog.Add(new RegionEntry { Id = Ids[i], Latitude = random.Next(-60, 60), Longitude = random.Next(-180, 180), Group = i < 2 ? "americas" : null });
        }

        _selector = new ResourceSelector(new RegionCatalog(Microsoft.Extensions.Options.Options.Create(options)));
        _candidates = Enumerable.Range(0, 1000).Select(i => new Candidate(
            $"MR{i:D32}",
            Ids[i % Ids.Length],
            (ResourceKind)(i / 10 % 4),
            100,
            Ids[i % Ids.Length] == "us1" ? 100 : random.Next(0, 100),
            Healthy: i % 17 != 0,
            Draining: i % 23 == 0)).ToList();
    }

    [Benchmark]
    public string SelectAmong1000In10Regions() => _selector.Select("us1", ResourceKind.Recorder, _candidates).Explain;
}

using Xunit.Abstractions;

namespace Telephony.MediaCache.Tests.Support;

/// <summary>Runs the shared-host collection before every other collection (see AssemblyInfo).</summary>
public sealed class SharedHostFirst : ITestCollectionOrderer
{
    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(collection => collection.DisplayName == SharedHost.Name ? 0 : 1).ThenBy(collection => collection.DisplayName, StringComparer.Ordinal);
}

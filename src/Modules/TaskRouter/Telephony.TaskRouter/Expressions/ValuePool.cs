using System.Collections.Concurrent;

namespace Telephony.TaskRouter.Expressions;

/// <summary>
/// Shares the nodes of short strings and small integers between all attribute sets and compiled expressions.
/// Thousands of workers say "skills" and "support": one shared node keeps them in cache while a queue is scanned,
/// and lets equality succeed on the reference check. Bounded, because the strings come from tenants.
/// </summary>
internal static class ValuePool
{
    private const int MaxPooledLength = 64;
    private const int MaxPooledStrings = 65_536;
    private const int SmallIntegers = 1024;

    private static readonly ConcurrentDictionary<string, AttributeValue> Strings = new(StringComparer.Ordinal);
    private static readonly AttributeValue[] Integers = [.. Enumerable.Range(0, SmallIntegers).Select(n => AttributeValue.CreateNumber(n))];
    private static int _pooledCount;

    public static AttributeValue String(string text)
    {
        if (text.Length > MaxPooledLength)
        {
            return AttributeValue.CreateString(text);
        }

        if (Strings.TryGetValue(text, out var pooled))
        {
            return pooled;
        }

        // Once full the pool stops growing: new strings still work, they are just not shared.
        if (Volatile.Read(ref _pooledCount) >= MaxPooledStrings)
        {
            return AttributeValue.CreateString(text);
        }

        var created = AttributeValue.CreateString(text);
        pooled = Strings.GetOrAdd(text, created);
        if (ReferenceEquals(pooled, created))
        {
            Interlocked.Increment(ref _pooledCount);
        }

        return pooled;
    }

    /// <summary>The shared instance of a member name, so that key lookups mostly succeed on the reference check.</summary>
    public static string Name(string name) => String(name).Text!;

    public static AttributeValue Number(double value) =>
        value >= 0 && value < SmallIntegers && value == Math.Floor(value) && !double.IsNegative(value)
            ? Integers[(int)value]
            : AttributeValue.CreateNumber(value);
}

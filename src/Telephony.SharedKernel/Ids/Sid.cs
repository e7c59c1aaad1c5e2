using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Telephony.SharedKernel.Ids;

/// <summary>Twilio-style resource identifiers: a two-letter prefix and 32 lowercase hex digits.</summary>
public static class Sid
{
    public const int Length = 34;

    private const int RandomPoolBytes = 4096;

    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    [ThreadStatic]
    private static byte[]? _randomPool;

    [ThreadStatic]
    private static int _randomUsed;

    /// <summary>
    /// A new sid, ordered by time as UUIDv7 is: 12 digits of Unix milliseconds, then 80 random bits.
    /// Rows then land at the end of every index keyed by sid; with wholly random sids each insert
    /// dirtied a page of its own, and the TaskRouter journal wrote about 400 KB per routed task.
    /// </summary>
    public static string New(string prefix)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(bytes, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() << 16);
        FillRandom(bytes[6..]);
        return prefix + Convert.ToHexStringLower(bytes);
    }

    /// <summary>
    /// Cryptographic random bytes drawn from a per-thread block filled 4 KB at a time: asking the
    /// operating system's generator for ten bytes per sid was 2 % of the TaskRouter host's CPU
    /// (about ten sids a routed task).
    /// </summary>
    private static void FillRandom(Span<byte> destination)
    {
        var pool = _randomPool;
        if (pool is null || _randomUsed + destination.Length > pool.Length)
        {
            pool = _randomPool ??= new byte[RandomPoolBytes];
            RandomNumberGenerator.Fill(pool);
            _randomUsed = 0;
        }

        pool.AsSpan(_randomUsed, destination.Length).CopyTo(destination);
        _randomUsed += destination.Length;
    }

    public static bool IsValid(string? value, string prefix) =>
        value is { Length: Length }
        && value.StartsWith(prefix, StringComparison.Ordinal)
        && value.AsSpan(2).ContainsAnyExcept(LowerHex) is false;
}

using System.Buffers;
using System.Security.Cryptography;

namespace Telephony.SharedKernel.Ids;

/// <summary>Twilio-style resource identifiers: a two-letter prefix and 32 lowercase hex digits.</summary>
public static class Sid
{
    public const int Length = 34;

    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    public static string New(string prefix) => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static bool IsValid(string? value, string prefix) =>
        value is { Length: Length }
        && value.StartsWith(prefix, StringComparison.Ordinal)
        && value.AsSpan(2).ContainsAnyExcept(LowerHex) is false;
}

using System.Security.Cryptography;
using System.Text;

namespace Telephony.Accounts.Data;

internal static class AccountRules
{
    public const int MaxFriendlyNameLength = 64;

    public static string NewAuthToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    // A token is 128 random bits, so a plain SHA-256 is as strong as a slow KDF here and keeps
    // authentication cheap on every request.
    public static byte[] Hash(string authToken) => SHA256.HashData(Encoding.UTF8.GetBytes(authToken));

    public static bool Matches(byte[] storedHash, string presentedToken) =>
        CryptographicOperations.FixedTimeEquals(storedHash, Hash(presentedToken));

    public static bool IsAuthToken(string? token) =>
        token is { Length: 32 } && token.All(char.IsAsciiHexDigitLower);
}

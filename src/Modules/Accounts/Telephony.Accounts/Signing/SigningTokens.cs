using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Telephony.Accounts.Signing;

/// <summary>
/// Encrypts auth tokens for storage and decrypts them to sign webhooks. Authentication never uses
/// this copy: it compares against the token's hash.
/// </summary>
internal sealed class SigningTokens(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Telephony.Accounts.SigningToken.v1");

    public string Protect(string authToken) => _protector.Protect(authToken);

    /// <summary>Null when the copy cannot be read: the data protection keys were lost or replaced.</summary>
    public string? Unprotect(string protectedAuthToken)
    {
        try
        {
            return _protector.Unprotect(protectedAuthToken);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}

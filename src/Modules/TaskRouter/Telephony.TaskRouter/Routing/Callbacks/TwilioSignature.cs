using System.Security.Cryptography;
using System.Text;

namespace Telephony.TaskRouter.Routing.Callbacks;

/// <summary>
/// Twilio's request signature (<c>X-Twilio-Signature</c>): Base64 of HMAC-SHA1, keyed with the
/// account's auth token, over the full URL followed by every POST parameter's name and value,
/// sorted by name (ordinal). A tenant verifies it with any Twilio helper library's RequestValidator.
/// </summary>
internal static class TwilioSignature
{
    public const string Header = "X-Twilio-Signature";

    public static string Compute(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var data = new StringBuilder(url);
        foreach (var (key, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            data.Append(key).Append(value);
        }

#pragma warning disable CA5350 // SHA-1 is what Twilio's protocol specifies; a tenant's validator expects exactly this.
        var mac = HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString()));
#pragma warning restore CA5350
        return Convert.ToBase64String(mac);
    }
}

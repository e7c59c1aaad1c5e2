namespace Telephony.MediaCache.Tests.Support;

/// <summary>
/// The shared host fixture with a parameterless constructor, which xunit class fixtures need
/// (TelephonyApp's constructor takes optional arguments that xunit cannot resolve).
/// </summary>
public sealed class MediaApp : TelephonyApp
{
    public MediaApp()
        : base(null, null)
    {
    }
}

namespace Telephony.SharedKernel.Outbound;

/// <summary>One setting for every outbound call the product makes (media fetches, callbacks).</summary>
public sealed class OutboundOptions
{
    public const string Section = "Outbound";

    /// <summary>Allow private, loopback and link-local targets. Off in production; tests and labs turn it on.</summary>
    public bool AllowPrivateAddresses { get; set; }

    public int MaxRedirects { get; set; } = 5;

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

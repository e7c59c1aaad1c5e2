using System.ComponentModel.DataAnnotations;

namespace Telephony.SharedKernel.Outbound;

/// <summary>One setting for every outbound call the product makes (media fetches, callbacks).</summary>
public sealed class OutboundOptions
{
    public const string Section = "Outbound";

    /// <summary>Allow private, loopback and link-local targets. Off in production; tests and labs turn it on.</summary>
    public bool AllowPrivateAddresses { get; set; }

    [Range(0, 20)]
    public int MaxRedirects { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

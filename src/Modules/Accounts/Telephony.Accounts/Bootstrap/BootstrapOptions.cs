namespace Telephony.Accounts.Bootstrap;

/// <summary>The first account, made on first start with an empty database (section <c>Bootstrap</c>).</summary>
internal sealed class BootstrapOptions
{
    public const string Section = "Bootstrap";

    /// <summary>AC + 32 lowercase hex; generated when unset.</summary>
    public string? AccountSid { get; set; }

    /// <summary>32 lowercase hex; generated (and logged once) when unset.</summary>
    public string? AuthToken { get; set; }

    public string FriendlyName { get; set; } = "Bootstrap account";
}

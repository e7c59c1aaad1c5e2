using Telephony.Regions.Resources;
using Telephony.Regions.Selection;
using Telephony.SharedKernel.Web;

namespace Telephony.Regions.Features.MediaResources;

/// <summary>A media resource as <c>/v1/MediaResources</c> writes it.</summary>
internal sealed record MediaResourceResource(
    string Sid,
    string Region,
    string Kind,
    string FriendlyName,
    int Capacity,
    int Used,
    int ActiveSessions,
    int ReportedLoad,
    string Status,
    bool BuiltIn,
    bool Draining,
    string? LastHeartbeat,
    string? DateCreated,
    string? DateUpdated,
    string Url)
{
    public static MediaResourceResource From(ResourceView view, string region) => new(
        view.Sid, region, view.Kind.Wire(), view.FriendlyName, view.Capacity, view.Used, view.Active, view.ReportedLoad, view.Status,
        view.BuiltIn, view.Draining, TwilioJson.Iso(view.LastHeartbeat), TwilioJson.Iso(view.DateCreated), TwilioJson.Iso(view.DateUpdated),
        $"/v1/MediaResources/{view.Sid}");
}

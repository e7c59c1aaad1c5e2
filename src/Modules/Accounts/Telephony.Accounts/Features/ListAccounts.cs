using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Telephony.Accounts.Data;
using Telephony.SharedKernel.Persistence;
using Telephony.SharedKernel.Tenancy;
using Telephony.SharedKernel.Web;

namespace Telephony.Accounts.Features;

internal static class ListAccounts
{
    internal sealed record Query(string CallerAccountSid, string? FriendlyName, string? Status, PageRequest Page) : IQuery<Page<AccountResource>>;

    internal sealed class Handler(AccountsDb db) : IQueryHandler<Query, Page<AccountResource>>
    {
        public async ValueTask<Page<AccountResource>> Handle(Query query, CancellationToken cancellationToken)
        {
            var accounts = db.Accounts.Where(a => a.Sid == query.CallerAccountSid || a.OwnerAccountSid == query.CallerAccountSid);
            if (query.FriendlyName is not null)
            {
                accounts = accounts.Where(a => a.FriendlyName == query.FriendlyName);
            }

            if (query.Status is not null)
            {
                var status = Enum.TryParse<AccountStatus>(query.Status, ignoreCase: true, out var parsed)
                    ? parsed
                    : throw ApiException.Invalid("Status", "must be one of active, suspended, closed");
                accounts = accounts.Where(a => a.Status == status);
            }

            return await accounts.ToPageAsync(query.Page, a => AccountResource.From(a), cancellationToken);
        }
    }

    internal static void Map(IEndpointRouteBuilder accounts) => accounts
        .MapGet("/Accounts.json", async Task<Ok<Dictionary<string, object?>>> (
            [FromQuery(Name = "FriendlyName")] string? friendlyName,
            [FromQuery(Name = "Status")] string? status,
            HttpContext http,
            ISender sender) =>
        {
            var request = PageRequest.From(http.Request);
            var page = await sender.Send(new Query(http.User.AccountSidOf(), friendlyName, status, request), http.RequestAborted);
            return TypedResults.Ok(Envelope(page, request, http.Request));
        })
        .WithName("ListAccounts")
        .WithSummary("List the caller's account and the subaccounts it owns");

    // The 2010-04-01 API has its own list envelope (uri fields, start/end) rather than v1's meta block.
    private static Dictionary<string, object?> Envelope(Page<AccountResource> page, PageRequest request, HttpRequest http)
    {
        var v1 = ListEnvelope.Create("accounts", page, request, http);
        var meta = (Dictionary<string, object?>)v1["meta"]!;
        var start = request.Page * request.PageSize;
        return new Dictionary<string, object?>
        {
            ["accounts"] = page.Items,
            ["page"] = request.Page,
            ["page_size"] = request.PageSize,
            ["start"] = start,
            ["end"] = start + Math.Max(page.Items.Count - 1, 0),
            ["uri"] = PathAndQuery(meta["url"]),
            ["first_page_uri"] = PathAndQuery(meta["first_page_url"]),
            ["previous_page_uri"] = PathAndQuery(meta["previous_page_url"]),
            ["next_page_uri"] = PathAndQuery(meta["next_page_url"]),
        };
    }

    private static string? PathAndQuery(object? url) =>
        url is string absolute ? new Uri(absolute).PathAndQuery : null;
}

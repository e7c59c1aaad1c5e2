using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Telephony.MediaCache.Data;
using Telephony.SharedKernel.Tenancy;
using Telephony.SharedKernel.Web;

namespace Telephony.MediaCache.Features.Media;

/// <summary>
/// <c>POST /v1/Media/Prefetch</c>: warms the cache with a list of URLs (repeat <c>Url</c>), one
/// background job per media. Every URL is checked before anything is queued.
/// </summary>
internal static class PrefetchMedia
{
    internal sealed record Command(string AccountSid, IReadOnlyList<string> Urls, string? Format, string BaseUrl) : ICommand<IReadOnlyList<MediaResource>>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IOptions<MediaCacheOptions> options)
        {
            RuleFor(c => c.Urls).NotEmpty().WithMessage("give at least one Url")
                .Must(urls => urls.Count <= options.Value.MaxPrefetchUrls).WithMessage($"at most {options.Value.MaxPrefetchUrls} per request")
                .OverridePropertyName("Url");
        }
    }

    internal sealed class Handler(MediaCacheDb db, MediaQueue queue, IOptions<MediaCacheOptions> options) : ICommandHandler<Command, IReadOnlyList<MediaResource>>
    {
        public async ValueTask<IReadOnlyList<MediaResource>> Handle(Command command, CancellationToken cancellationToken)
        {
            var requests = command.Urls
                .Select((url, i) => MediaRequest.Parse(url, command.Format, options.Value, $"Url[{i}]"))
                .DistinctBy(r => r.Key.SharedId)
                .ToList();
            var resources = new List<MediaResource>(requests.Count);
            foreach (var request in requests)
            {
                var media = await queue.QueueAsync(db, command.AccountSid, request, pinned: null, cancellationToken);
                resources.Add(MediaResource.From(media, command.BaseUrl));
            }

            return resources;
        }
    }

    internal static void Map(RouteGroupBuilder media) => media
        .MapPost("/Prefetch", async Task<Accepted<Dictionary<string, object>>> (HttpContext http, ISender sender) =>
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            var command = new Command(
                http.User.AccountSidOf(),
                form["Url"].Select(url => url ?? string.Empty).ToList(),
                form["Format"].FirstOrDefault(),
                MediaResource.BaseUrlOf(http.Request));
            var resources = await sender.Send(command, http.RequestAborted);
            return TypedResults.Accepted("/v1/Media", new Dictionary<string, object> { ["media"] = resources });
        })
        .WithName("PrefetchMedia")
        .WithSummary("Warm the cache with a list of URLs")
        .WithDescription("Form fields: Url (repeat, 1 to 100), Format. Answers 202 with the media resources; jobs fetch and transcode them.")
        .Accepts<IFormCollection>("application/x-www-form-urlencoded");
}

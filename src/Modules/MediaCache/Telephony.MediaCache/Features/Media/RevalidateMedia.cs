using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telephony.MediaCache.Caching;
using Telephony.SharedKernel.Web;

namespace Telephony.MediaCache.Features.Media;

/// <summary>
/// The background revalidation that stale-while-revalidate promises, run by
/// <see cref="Jobs.RevalidateMediaJob"/>: a conditional GET through the same flight as requests.
/// </summary>
internal static class RevalidateMedia
{
    internal sealed record Command(string AccountSid, string Url, string Format) : ICommand<bool>;

    internal sealed class Handler(MediaPipeline pipeline, IOptions<MediaCacheOptions> options, ILogger<Handler> logger) : ICommandHandler<Command, bool>
    {
        public async ValueTask<bool> Handle(Command command, CancellationToken cancellationToken)
        {
            var request = MediaRequest.Parse(command.Url, command.Format, options);
            try
            {
                await pipeline.RevalidateAsync(command.AccountSid, request.Parsed, request.Key, cancellationToken);
                return true;
            }
            catch (ApiException failure)
            {
                // Not retried here: the entry stays stale, and the next request past its window fetches again.
                logger.LogWarning("Background revalidation of {Url} failed: {Reason}", request.Key.NormalisedUrl, failure.Message);
                return false;
            }
        }
    }
}

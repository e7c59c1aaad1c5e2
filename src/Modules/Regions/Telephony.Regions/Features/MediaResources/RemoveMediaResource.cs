using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Telephony.Regions.Data;
using Telephony.Regions.Resources;
using Telephony.SharedKernel.Web;

namespace Telephony.Regions.Features.MediaResources;

internal static class RemoveMediaResource
{
    internal sealed record Command(string Sid) : ICommand<bool>;

    internal sealed class Handler(RegionsDb db, ResourceRegistry registry) : ICommandHandler<Command, bool>
    {
        public async ValueTask<bool> Handle(Command command, CancellationToken cancellationToken)
        {
            var resource = await db.Resources.FindAsync([command.Sid], cancellationToken) ?? throw ApiException.NotFound("MediaResource", command.Sid);
            if (resource.BuiltIn)
            {
                throw ApiException.Conflict("A built-in resource cannot be removed; set its capacity to 0 in Regions:BuiltIn.");
            }

            if (registry.Find(resource.Sid) is { Active: > 0 } busy)
            {
                throw ApiException.Conflict($"The resource still holds {busy.Active} session(s); drain it (Draining=true) and remove it once its status is drained.");
            }

            db.Resources.Remove(resource);
            await db.SaveChangesAsync(cancellationToken);
            registry.Remove(resource.Sid);
            return true;
        }
    }

    internal static void Map(IEndpointRouteBuilder resources) => resources
        .MapDelete("/{Sid}", async Task<NoContent> (string sid, HttpContext http, ISender sender) =>
        {
            await sender.Send(new Command(sid), http.RequestAborted);
            return TypedResults.NoContent();
        })
        .WithName("RemoveMediaResource")
        .WithSummary("Remove a drained (or idle) media resource")
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);
}

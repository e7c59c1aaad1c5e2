using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Telephony.SharedKernel.Tenancy;
using Telephony.TaskRouter.Contracts;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Routing;

namespace Telephony.TaskRouter.Features.WorkerChannels;

internal static class UpdateWorkerChannel
{
    internal sealed record Command(WorkspaceScope Scope, string WorkerSid, string Channel, int? Capacity, bool? Available) : ICommand<WorkerChannelResource>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Capacity).InclusiveBetween(0, TaskRouterLimits.MaxChannelCapacity);
    }

    internal sealed class Handler(TaskRouterDb db, TimeProvider clock, ResourceUrls urls, IPublisher publisher, RoutingEngine engine, RoutingJournal journal) : ICommandHandler<Command, WorkerChannelResource>
    {
        public async ValueTask<WorkerChannelResource> Handle(Command command, CancellationToken cancellationToken)
        {
            var channel = await FetchWorkerChannel.FindAsync(db, command.Scope, command.WorkerSid, command.Channel, cancellationToken);
            channel.Capacity = command.Capacity ?? channel.Capacity;
            channel.Available = command.Available ?? channel.Available;
            channel.DateUpdated = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
            engine.For(channel.WorkspaceSid).UpdateWorkerChannel(channel.WorkerSid, channel.TaskChannel.UniqueName, command.Capacity, command.Available);
            await journal.WaitPersistedAsync(cancellationToken);
            await publisher.Publish(new WorkerAttributesChanged(command.Scope.AccountSid, command.Scope.WorkspaceSid, command.WorkerSid), cancellationToken);
            return WorkerChannelResource.From(channel, WorkerChannelResource.LiveOf(engine, command.Scope, command.WorkerSid), urls);
        }
    }

    internal static void Map(IEndpointRouteBuilder channels) => channels
        .MapPost("/{Channel}", async Task<Ok<WorkerChannelResource>> (
            string workspaceSid,
            string workerSid,
            string channel,
            [FromForm(Name = "Capacity")] string? capacity,
            [FromForm(Name = "Available")] string? available,
            HttpContext http,
            ISender sender) =>
            TypedResults.Ok(await sender.Send(
                new Command(new(http.User.AccountSidOf(), workspaceSid), workerSid, channel, FormValues.Int(capacity, "Capacity"), FormValues.Bool(available, "Available")),
                http.RequestAborted)))
        .WithName("UpdateWorkerChannel")
        .WithSummary("Set a worker channel's capacity (0..50; 0 takes no new reservations, as in Twilio) or availability")
        .ProducesProblem(StatusCodes.Status404NotFound);
}

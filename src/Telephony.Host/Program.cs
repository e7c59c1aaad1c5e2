using Mediator;
using Microsoft.AspNetCore.Http.Features;
using Telephony.Accounts;
using Telephony.Host;
using Telephony.Host.Auth;
using Telephony.Host.Health;
using Telephony.Host.Jobs;
using Telephony.Host.OpenApi;
using Telephony.Host.Web;
using Telephony.MediaCache;
using Telephony.Regions;
using Telephony.SharedKernel.Hosting;
using Telephony.SharedKernel.Outbound;
using Telephony.SharedKernel.Persistence;
using Telephony.SharedKernel.Validation;
using Telephony.SharedKernel.Web;
using Telephony.TaskRouter;

var builder = WebApplication.CreateBuilder(args);

builder.Configuration.AddDefaults();

var telephony = CheckedSettings.Read<TelephonyOptions>(builder.Configuration, TelephonyOptions.Section);
builder.Services.AddCheckedSettings<TelephonyOptions>(builder.Configuration, TelephonyOptions.Section);
builder.Services.AddCheckedSettings<OutboundOptions>(builder.Configuration, OutboundOptions.Section);
builder.Services.AddSingleton(new DataFolder(telephony.DataPath));
builder.Services.AddSingleton(TimeProvider.System);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = telephony.MaxRequestBodyBytes);
builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = telephony.InlineRequestScheduling);
builder.Services.Configure<FormOptions>(form =>
{
    form.ValueLengthLimit = (int)Math.Min(telephony.MaxRequestBodyBytes, int.MaxValue);
    form.ValueCountLimit = 1024;
    form.KeyLengthLimit = 256;
});

builder.Services.AddMediator(options =>
{
    options.ServiceLifetime = ServiceLifetime.Scoped;
    options.PipelineBehaviors = [typeof(ValidationBehavior<,>)];
});
builder.Services.AddTwilioJson();
builder.Services.AddTelephonyProblemDetails();
builder.Services.AddTelephonyAuth(builder.Configuration);
builder.Services.AddTelephonyOpenApi();
builder.Services.AddHealthChecks();
builder.Services.AddHostedService<ModuleStartup>();
builder.Services.AddTelephonyJobs(builder.Configuration);

builder.Services.AddAccounts(builder.Configuration);
builder.Services.AddTaskRouter(builder.Configuration);
builder.Services.AddMediaCache(builder.Configuration);
builder.Services.AddRegions(builder.Configuration);

var app = builder.Build();

app.UseMiddleware<RequestIdMiddleware>();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseWebSockets();
app.UseRouting();
app.UseMiddleware<BodyLimitMiddleware>();
app.UseAuthentication();
app.UseAuthorization();

app.MapTelephonyHealth();
app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
app.UseSwaggerUI(ui =>
{
    ui.SwaggerEndpoint("/openapi/v1.json", "Telephony v1");
    ui.RoutePrefix = "swagger";
    ui.DocumentTitle = "Telephony API";
    ui.EnablePersistAuthorization();
});
app.MapTelephonyJobsDashboard();
app.MapAccounts();
app.MapTaskRouter();
app.MapMediaCache();
app.MapRegions();

await app.RunAsync();

/// <summary>The host's entry point; public so integration tests can start it.</summary>
public partial class Program;

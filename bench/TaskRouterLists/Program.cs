using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Telephony.Testing;

// End-to-end figures for the TaskRouter lists that evaluate expressions (Twilio rate-limits these
// to 3 requests per second): the real host in process, a real SQLite file, HTTP through the whole
// ASP.NET Core pipeline. Usage: dotnet run -c Release --project bench/TaskRouterLists [workers] [seconds]
var workerCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 15_000;
var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;

// WebApplicationFactory finds the host's content root next to a test project; name it for a console app.
var root = new DirectoryInfo(AppContext.BaseDirectory);
while (root is not null && !Directory.Exists(Path.Combine(root.FullName, "src", "Telephony.Host")))
{
    root = root.Parent;
}

Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_TELEPHONY_HOST", Path.Combine(root!.FullName, "src", "Telephony.Host"));
using var app = TelephonyApp.Create(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" });
var tenant = await app.CreateTenantAsync("bench");
var client = tenant.Client;
var workspace = await Json(await client.PostAsync("/v1/Workspaces", Form.Of(("FriendlyName", "bench"), ("Template", "FIFO"))));
var ws = workspace.GetProperty("sid").GetString()!;
string[] languages = ["en", "fr", "de", "es", "it"];

var seed = Stopwatch.StartNew();
await Parallel.ForEachAsync(Enumerable.Range(0, workerCount), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, cancellationToken) =>
{
    var attributes = JsonSerializer.Serialize(new { languages = new[] { languages[i % 5], languages[(i + 1) % 5] }, level = i % 10, team = $"team{i % 50}" });
    var response = await client.PostAsync($"/v1/Workspaces/{ws}/Workers", Form.Of(("FriendlyName", $"worker {i}"), ("Attributes", attributes)), cancellationToken);
    response.EnsureSuccessStatusCode();
});
Console.WriteLine($"seeded {workerCount} workers in {seed.Elapsed.TotalSeconds:F1} s ({workerCount / seed.Elapsed.TotalSeconds:F0} creates/s, 4 concurrent)");

var expression = Uri.EscapeDataString("languages HAS 'fr' AND level >= 5 AND team != 'team7'");
await Measure($"/v1/Workspaces/{ws}/Workers?TargetWorkersExpression={expression}&PageSize=50", "workers");
await Measure($"/v1/Workspaces/{ws}/Workers?PageSize=50", "workers");
await Measure($"/v1/Workspaces/{ws}/TaskQueues?EvaluateWorkerAttributes={Uri.EscapeDataString("""{"languages":["fr"],"level":7}""")}", "task_queues");

async Task Measure(string path, string key)
{
    var first = await Json(await client.GetAsync(path));
    var matched = first.GetProperty(key).GetArrayLength();
    var count = 0;
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
    {
        (await client.GetAsync(path)).EnsureSuccessStatusCode();
        count++;
    }

    Console.WriteLine($"{count / clock.Elapsed.TotalSeconds,8:F1} requests/s, {clock.Elapsed.TotalMilliseconds / count,7:F1} ms each, first page {matched} items: GET {path}");
}

static async Task<JsonElement> Json(HttpResponseMessage response)
{
    response.EnsureSuccessStatusCode();
    return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}

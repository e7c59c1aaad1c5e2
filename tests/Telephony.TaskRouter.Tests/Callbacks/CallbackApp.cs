using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Telephony.TaskRouter.Tests.Callbacks;

/// <summary>A host with its own settings whose log lines a test can wait for (what the dispatcher gave up on).</summary>
internal sealed class CallbackApp(IDictionary<string, string?> settings, string? dataPath = null) : TelephonyApp(settings, dataPath)
{
    public ConcurrentQueue<string> Logs { get; } = new();

    public Task<string> LogContainingAsync(string text) =>
        Eventually.ValueAsync(() => Task.FromResult(Logs.FirstOrDefault(line => line.Contains(text, StringComparison.Ordinal))));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(new CapturingLoggerProvider(Logs)));
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(lines);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(formatter(state, exception));
    }
}

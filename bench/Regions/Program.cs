using BenchmarkDotNet.Running;
using Telephony.Regions.Bench;

// Socket completions run where the bytes arrive (read by the runtime on first socket use), so the
// streams benchmark times an echo when it comes, not when a thread-pool thread is free; the host is
// started without it (HostProcess).
Environment.SetEnvironmentVariable(HostProcess.InlineCompletions, "1");

// selection: BenchmarkDotNet over the selector (1,000 resources in 10 regions).
// streams:   N concurrent real-time media streams against one host process (real WebSockets).
// drain:     two host processes; a 60 s backlog buffered during a partition, timed as it drains.
// stream:    one stream to a session's media_stream_url (used by scripts/regions-demo.sh).
return args.FirstOrDefault() switch
{
    "selection" => RunSelection(args[1..]),
    "streams" => await StreamsBenchmark.RunAsync(Options.Parse(args[1..])),
    "drain" => await DrainBenchmark.RunAsync(Options.Parse(args[1..])),
    "stream" => await DemoStream.RunAsync(Options.Parse(args[1..])),
    _ => Usage(),
};

static int RunSelection(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(SelectionBenchmark).Assembly).Run(["--filter", "*Selection*", .. args]);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: selection [BenchmarkDotNet args] | streams --host <Telephony.Host.dll> [--streams 500] [--seconds 20] | drain --host <dll> | stream --url <ws url> [--seconds 10] [--out audio.ulaw]");
    return 2;
}

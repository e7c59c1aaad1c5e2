using System.Reflection;

namespace Telephony.ArchitectureTests;

/// <summary>The modules of the monolith: each an implementation assembly and its public contracts.</summary>
public sealed record AppModule(string Name, Assembly Implementation, Assembly Contracts)
{
    public static readonly Assembly SharedKernel = typeof(Telephony.SharedKernel.Ids.Sid).Assembly;

    public static readonly Assembly Host = typeof(Program).Assembly;

    public static IReadOnlyList<AppModule> All { get; } =
    [
        Load("Accounts", typeof(Telephony.Accounts.AccountsModule).Assembly),
        Load("TaskRouter", typeof(Telephony.TaskRouter.TaskRouterModule).Assembly),
        Load("MediaCache", typeof(Telephony.MediaCache.MediaCacheModule).Assembly),
        Load("Regions", typeof(Telephony.Regions.RegionsModule).Assembly),
    ];

    public static TheoryData<string> Names => new(All.Select(m => m.Name));

    public static AppModule Named(string name) => All.Single(m => m.Name == name);

    public override string ToString() => Name;

    // A contracts project may hold no types yet, so it is loaded by name rather than through a type.
    private static AppModule Load(string name, Assembly implementation) =>
        new(name, implementation, Assembly.Load($"Telephony.{name}.Contracts"));
}

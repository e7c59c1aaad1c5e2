using System.Globalization;

namespace Telephony.Regions.Bench;

internal sealed class Options(Dictionary<string, string> values)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        return new Options(values);
    }

    public string Text(string name, string fallback) => values.GetValueOrDefault(name, fallback);

    public int Int(string name, int fallback) => values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public string HostDll => values.TryGetValue("host", out var dll) ? Path.GetFullPath(dll)
        : Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/Telephony.Host/bin/Release/net10.0/Telephony.Host.dll"));
}

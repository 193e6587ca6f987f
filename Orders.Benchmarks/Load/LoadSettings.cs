using System.Globalization;

namespace Orders.Benchmarks.Load;

/// <summary>
/// One load run: open loop (<c>--rate</c> orders/s offered, arrivals independent of answers) or closed loop
/// (<c>--clients</c> concurrent clients, each placing its next order when its last is answered), for
/// <c>--duration</c> seconds after <c>--warmup</c> seconds; then the floor for as long, unless <c>--no-floor</c>.
/// </summary>
public sealed record LoadSettings(
    double? Rate,
    int Clients,
    int DurationSeconds,
    int WarmupSeconds,
    int FloorChains,
    int FloorHops,
    bool Floor,
    string Output,
    IReadOnlyDictionary<string, string> ServiceEnvironment)
{
    /// <summary>Consumed messages per completed order in the real flow (see docs/performance.md, "The floor").</summary>
    public const int HopsPerOrder = 11;

    public bool OpenLoop => Rate is not null;

    public string Mode => OpenLoop ? $"open loop, {Rate:0.##} orders/s offered" : $"closed loop, {Clients} clients";

    public static LoadSettings Parse(string[] args)
    {
        string? Text(string name)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        }

        int Whole(string name, int fallback) =>
            Text(name) is { } text && int.TryParse(text, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

        double? rate = Text("--rate") is { } r && double.TryParse(r, CultureInfo.InvariantCulture, out var parsed) && parsed > 0 ? parsed : null;
        var clients = Whole("--clients", 32);
        return new LoadSettings(
            rate,
            clients,
            Whole("--duration", 60),
            Text("--warmup") is "0" ? 0 : Whole("--warmup", 10),
            Whole("--floor-chains", rate is null ? clients : 64),
            Whole("--floor-hops", HopsPerOrder),
            !args.Contains("--no-floor"),
            Text("--out") ?? Path.Combine("benchmark-results", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)),
            ServiceSettings(args));
    }

    // --env KEY=VALUE (repeatable) reaches every service, to compare a setting's cost: --env Logging__LogLevel__Default=Warning.
    private static Dictionary<string, string> ServiceSettings(string[] args) =>
        args.Select((arg, i) => arg == "--env" && i + 1 < args.Length ? args[i + 1] : null)
            .OfType<string>()
            .Select(pair => pair.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);

    public const string Usage =
        "load (--rate ORDERS_PER_S | --clients N) [--duration S] [--warmup S] [--no-floor] [--floor-chains N] [--floor-hops N] [--out DIR] [--env KEY=VALUE]...\n" +
        "floor [--duration S] [--floor-chains N] [--floor-hops N] [--out DIR]";
}

using System.Globalization;

namespace Orders.Cli.Demo;

/// <summary>The demo's options: the API and token, and how long every order has to reach its final state.</summary>
public sealed record DemoSettings(ApiSettings Api, TimeSpan Deadline)
{
    /// <summary>
    /// Every path of the demo ends within seconds; only a payment that never answers waits for the saga's timeout
    /// (two minutes by default), and the demo cancels that order itself before then.
    /// </summary>
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(60);

    public static DemoSettings Parse(IReadOnlyList<string> args)
    {
        var options = CommandLine.Parse(args, "--api", "--token", "--deadline");
        var deadline = DefaultDeadline;
        if (options["--deadline"] is { } seconds)
        {
            deadline = int.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
                ? TimeSpan.FromSeconds(value)
                : throw new UsageException($"--deadline must be a whole number of seconds, not '{seconds}'");
        }

        return new DemoSettings(ApiSettings.From(options), deadline);
    }
}

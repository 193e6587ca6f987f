using System.Net;
using Orders.Cli.Rest;
using Spectre.Console;

namespace Orders.Cli.Demo;

/// <summary>
/// <c>demo</c>: with the system up, one order down every path at once through the REST API, each timeline drawn live
/// as it grows, then a table of where each ended. Exit code 0 only when every path reached its expected final state
/// before the deadline.
/// </summary>
public static class DemoCommand
{
    public static async Task<int> RunAsync(DemoSettings settings, IAnsiConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(console);
        if (await DevelopmentToken.ResolveAsync(settings.Api.Token, console, cancellationToken) is not { } token)
        {
            return 1;
        }

        using var client = new OrdersClient(settings.Api.Address, token);
        if (!await IsReachableAsync(client, settings.Api.Address, console, cancellationToken))
        {
            return 1;
        }

        console.MarkupLineInterpolated($"One order down each path through [bold]{settings.Api.Address}[/], each with {settings.Deadline.TotalSeconds:0} s to reach its final state.");
        var outcomes = await DemoProgress.FollowAsync(client, console, settings.Deadline, cancellationToken);
        console.Write(DemoDisplay.Summary(outcomes));
        var missed = outcomes.Count(outcome => !outcome.IsExpected);
        if (missed == 0)
        {
            console.MarkupLine($"[green]All {outcomes.Length} paths reached their expected final states.[/]");
            return 0;
        }

        console.MarkupLine($"[red]{missed} of {outcomes.Length} paths did not reach their expected final state.[/]");
        if (outcomes.Any(outcome => outcome.Order is { IsFinal: false }))
        {
            console.WriteLine("Orders that stay unfinished point at the Workers: scripts/orders.sh status, scripts/orders.sh logs workers.");
        }

        return 1;
    }

    /// <summary>Says what to do when the API is not up or refuses the token, rather than five identical failures.</summary>
    private static async Task<bool> IsReachableAsync(OrdersClient client, Uri api, IAnsiConsole console, CancellationToken cancellationToken)
    {
        if (!await client.IsReadyAsync(cancellationToken))
        {
            console.MarkupLineInterpolated($"[red]The API at {api} is not ready[/] (GET /health/ready).");
            console.WriteLine("Start the system first, in another terminal: scripts/orders.sh up");
            return false;
        }

        var status = await client.CheckTokenAsync(cancellationToken);
        if (status != HttpStatusCode.OK)
        {
            console.MarkupLineInterpolated($"[red]The API refused the token[/] (GET /orders answered {(int)status}).");
            console.WriteLine("A minted token carries the development signing key: the API must run with Development settings.");
            return false;
        }

        return true;
    }
}

using System.Globalization;
using Orders.Cli.Rest;
using Spectre.Console;

namespace Orders.Cli.Demo;

/// <summary>How the demo looks: one live line per path while the orders move, one summary table when they are done.</summary>
public static class DemoDisplay
{
    private static readonly int NameWidth = DemoPath.All.Max(path => path.Name.Length);

    /// <summary>The path's name and its timeline so far, the final status green when expected and red when not.</summary>
    public static string Line(DemoPath path, Order? order, string? failure = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = $"[bold]{Markup.Escape(path.Name.PadRight(NameWidth))}[/]  ";
        if (failure is not null)
        {
            return name + $"[red]{Markup.Escape(failure)}[/]";
        }

        if (order is null)
        {
            return name + "[grey]placing…[/]";
        }

        var steps = order.Timeline.Select(entry => Markup.Escape(entry.Status)).ToList();
        if (order.IsFinal)
        {
            var colour = path.IsReachedBy(order) ? "green" : "red";
            var reason = order.CancellationReason is null ? string.Empty : $" ({order.CancellationReason})";
            steps.Remove(order.Status);
            steps.Add($"[{colour}]{Markup.Escape(order.Status + reason)}[/]");
        }

        return name + string.Join(" → ", steps);
    }

    public static Table Summary(IReadOnlyList<DemoOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("path", "status", "reason", "tracking number", "submit → final", string.Empty);
        foreach (var outcome in outcomes)
        {
            var order = outcome.Order;
            table.AddRow(
                $"{Markup.Escape(outcome.Path.Name)}\n[grey]{Markup.Escape(outcome.Path.Asks)}[/]",
                Markup.Escape(order?.Status ?? "-"),
                Markup.Escape(order?.CancellationReason ?? "-"),
                Markup.Escape(order?.TrackingNumber ?? "-"),
                outcome.SubmitToFinal is { } time ? time.TotalSeconds.ToString("0.0 s", CultureInfo.InvariantCulture) : "-",
                Result(outcome));
        }

        return table;
    }

    private static string Result(DemoOutcome outcome)
    {
        if (outcome.IsExpected)
        {
            return "[green]✓[/]";
        }

        var expected = outcome.Path.ExpectedStatus
            + (outcome.Path.ExpectedReason is { } reason ? $" ({reason})" : string.Empty);
        var problem = outcome.Failure ?? (outcome.Order?.IsFinal == true ? "ended otherwise" : "not final");
        return $"[red]✗ {Markup.Escape($"{problem}; expected {expected}")}[/]";
    }
}

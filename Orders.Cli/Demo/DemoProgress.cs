using System.Diagnostics;
using Orders.Cli.Rest;
using Spectre.Console;

namespace Orders.Cli.Demo;

/// <summary>
/// Follows every path at once and shows the timelines as they grow: live progress lines on a terminal, and where the
/// output is a file or a pipe (CI, tests) a transcript of one line per step, which a redraw would garble.
/// </summary>
public static class DemoProgress
{
    public static Task<DemoOutcome[]> FollowAsync(
        OrdersClient client, IAnsiConsole console, TimeSpan deadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        return console.Profile.Capabilities.Interactive
            ? LiveAsync(client, console, deadline, cancellationToken)
            : TranscriptAsync(client, console, deadline, cancellationToken);
    }

    private static Task<DemoOutcome[]> LiveAsync(
        OrdersClient client, IAnsiConsole console, TimeSpan deadline, CancellationToken cancellationToken) =>
        console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(
                new TaskDescriptionColumn { Alignment = Justify.Left },
                new ProgressBarColumn { Width = 12 },
                new ElapsedSecondsColumn(),
                new SpinnerColumn())
            .StartAsync(context => Task.WhenAll(DemoPath.All.Select(async path =>
            {
                var task = context.AddTask(DemoDisplay.Line(path, order: null), maxValue: path.ExpectedTimeline.Count);
                var outcome = await DemoOrder.FollowAsync(path, client, order =>
                {
                    task.Description = DemoDisplay.Line(path, order);
                    // The bar counts the steps of the expected timeline; a final order fills it, whichever way it ended.
                    task.Value = order.IsFinal ? task.MaxValue : Math.Min(order.Timeline.Count, task.MaxValue - 1);
                }, deadline, cancellationToken);
                if (outcome.Failure is not null)
                {
                    task.Description = DemoDisplay.Line(path, outcome.Order, outcome.Failure);
                }

                task.StopTask();
                return outcome;
            })));

    private static Task<DemoOutcome[]> TranscriptAsync(
        OrdersClient client, IAnsiConsole console, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        return Task.WhenAll(DemoPath.All.Select(async path =>
        {
            var shown = string.Empty;
            var outcome = await DemoOrder.FollowAsync(path, client, order =>
            {
                // Polling sees the same order many times; a line is worth writing only when it moved.
                var line = DemoDisplay.Line(path, order);
                if (line != shown)
                {
                    shown = line;
                    console.MarkupLine($"{clock.Elapsed.TotalSeconds,5:0.0} s  {line}");
                }
            }, deadline, cancellationToken);
            if (outcome.Failure is not null)
            {
                console.MarkupLine($"{clock.Elapsed.TotalSeconds,5:0.0} s  {DemoDisplay.Line(path, outcome.Order, outcome.Failure)}");
            }

            return outcome;
        }));
    }
}

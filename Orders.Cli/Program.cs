using Orders.Cli;
using Orders.Cli.Check;
using Orders.Cli.Demo;
using Spectre.Console;

// One folder per command; the first argument picks it.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Ctrl-C ends the command through its token, so the terminal is left tidy (no half-drawn progress display).
    e.Cancel = true;
    stop.Cancel();
};

var console = AnsiConsole.Console;
if (Console.IsOutputRedirected)
{
    // A file or a pipe has no width to fit; the 80 columns assumed otherwise would wrap every table row.
    console.Profile.Width = 160;
}

try
{
    return args switch
    {
        ["demo", .. var options] => await DemoCommand.RunAsync(DemoSettings.Parse(options), console, stop.Token),
        ["check", .. var options] => await CheckCommand.RunAsync(CheckSettings.Parse(options), console, stop.Token),
        _ => Usage.Print(console),
    };
}
catch (UsageException e)
{
    console.MarkupLineInterpolated($"[red]{e.Message}[/]");
    return Usage.Print(console);
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    return 130;
}

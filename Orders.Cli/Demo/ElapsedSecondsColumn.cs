using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Orders.Cli.Demo;

/// <summary>Time since the order was placed, to a tenth of a second: most paths end within one, where hh:mm:ss shows nothing.</summary>
public sealed class ElapsedSecondsColumn : ProgressColumn
{
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
    {
        ArgumentNullException.ThrowIfNull(task);
        var seconds = (task.ElapsedTime ?? TimeSpan.Zero).TotalSeconds;
        return new Text(seconds.ToString("0.0 s", CultureInfo.InvariantCulture).PadLeft(6), new Style(Color.Grey));
    }
}

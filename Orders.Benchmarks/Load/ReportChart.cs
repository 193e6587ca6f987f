using System.Globalization;
using System.Net;
using System.Text;

namespace Orders.Benchmarks.Load;

/// <summary>A self-contained HTML page (inline SVG, no scripts) of throughput, latency and backlogs over the run.</summary>
public static class ReportChart
{
    private const int Width = 900;
    private const int Height = 260;
    private const int Margin = 50;
    private static readonly string[] Colours = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd"];

    public static string Html(LoadReport report)
    {
        var seconds = report.Timeline.Select(t => (double)t.Second).ToList();
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Orders load benchmark</title>")
            .Append("<style>body{font-family:sans-serif;margin:2em}svg{background:#fafafa;border:1px solid #ddd}</style></head><body>")
            .Append(CultureInfo.InvariantCulture, $"<h1>{WebUtility.HtmlEncode(report.Mode)}</h1>")
            .Append(CultureInfo.InvariantCulture, $"<p>{report.StartedAtUtc:u}: completed {report.CompletedPerSecond:F1} orders/s")
            .Append(report.RatioToFloor is { } ratio ? string.Create(CultureInfo.InvariantCulture, $" ({ratio:P1} of the floor, {report.Floor!.OrdersPerSecond:F1} orders/s)") : "")
            .Append(CultureInfo.InvariantCulture, $"; load average {report.Machine.LoadAverageBefore:F2} / {report.Machine.LoadAverageAfter:F2} on {report.Machine.Cores} cores.</p>");
        var throughput = new List<(string, IReadOnlyList<double>)>
        {
            ("accepted/s", [.. report.Timeline.Select(t => (double)t.Accepted)]),
            ("completed/s", [.. report.Timeline.Select(t => (double)t.Completed)]),
        };
        if (report.Floor is { } floor)
        {
            throughput.Add(("floor", [.. seconds.Select(_ => floor.OrdersPerSecond)]));
        }

        html.Append(Chart("Orders per second", seconds, throughput))
            .Append(Chart("Latency (ms) of orders submitted in each second", seconds,
            [
                ("POST p50", [.. report.Timeline.Select(t => t.PostP50)]),
                ("POST p99", [.. report.Timeline.Select(t => t.PostP99)]),
                ("submit→Completed p50", [.. report.Timeline.Select(t => t.CompletedP50)]),
                ("submit→Completed p99", [.. report.Timeline.Select(t => t.CompletedP99)]),
            ]))
            .Append(Chart("Backlog (sampled each second; queue depths refresh every 5 s)", [.. report.Samples.Select(s => s.Second)],
            [
                ("outbox pending rows", [.. report.Samples.Select(s => (double)s.OutboxPending.Values.Sum())]),
                ("RabbitMQ messages queued", [.. report.Samples.Select(s => (double)s.QueueDepths.Values.Sum())]),
            ]))
            .Append("</body></html>");
        return html.ToString();
    }

    private static string Chart(string title, IReadOnlyList<double> xs, List<(string Name, IReadOnlyList<double> Values)> series)
    {
        var c = CultureInfo.InvariantCulture;
        var finite = series.SelectMany(s => s.Values).Where(double.IsFinite).ToList();
        var yMax = Math.Max(1, finite.DefaultIfEmpty().Max() * 1.1);
        var xMin = xs.DefaultIfEmpty().Min();
        var xMax = Math.Max(xMin + 1, xs.DefaultIfEmpty().Max());
        double X(double x) => Margin + ((x - xMin) / (xMax - xMin) * (Width - (2 * Margin)));
        double Y(double y) => Height - Margin + 20 - (y / yMax * (Height - Margin - 10));

        var svg = new StringBuilder();
        svg.Append(c, $"<h2>{WebUtility.HtmlEncode(title)}</h2><svg width=\"{Width}\" height=\"{Height + 30}\" xmlns=\"http://www.w3.org/2000/svg\">");
        for (var i = 0; i <= 4; i++)
        {
            var value = yMax * i / 4;
            svg.Append(c, $"<line x1=\"{Margin}\" x2=\"{Width - Margin}\" y1=\"{Y(value):F1}\" y2=\"{Y(value):F1}\" stroke=\"#ddd\"/>")
               .Append(c, $"<text x=\"4\" y=\"{Y(value) + 4:F1}\" font-size=\"11\">{value:G4}</text>");
        }

        svg.Append(c, $"<text x=\"{Width / 2}\" y=\"{Height + 25}\" font-size=\"11\">seconds from the start of the measurement ({xMin:F0} … {xMax:F0})</text>");
        for (var s = 0; s < series.Count; s++)
        {
            var points = xs.Zip(series[s].Values).Where(p => double.IsFinite(p.Second))
                .Select(p => string.Create(c, $"{X(p.First):F1},{Y(p.Second):F1}"));
            svg.Append(c, $"<polyline fill=\"none\" stroke=\"{Colours[s % Colours.Length]}\" stroke-width=\"1.5\" points=\"{string.Join(' ', points)}\"/>")
               .Append(c, $"<text x=\"{Margin + 10 + (s * 170)}\" y=\"14\" font-size=\"12\" fill=\"{Colours[s % Colours.Length]}\">{WebUtility.HtmlEncode(series[s].Name)}</text>");
        }

        return svg.Append("</svg>").ToString();
    }
}

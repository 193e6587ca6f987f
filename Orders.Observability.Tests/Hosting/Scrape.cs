using System.Globalization;
using System.Text.RegularExpressions;

namespace Orders.Observability.Tests.Hosting;

/// <summary>One scrape of <c>/metrics</c> in Prometheus text format, read into samples.</summary>
public sealed partial class Scrape
{
    private Scrape(string text, IReadOnlyList<MetricSample> samples)
    {
        Text = text;
        Samples = samples;
    }

    public string Text { get; }

    public IReadOnlyList<MetricSample> Samples { get; }

    public static async Task<Scrape> ReadAsync(HttpClient http)
    {
        using var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        var text = await response.Content.ReadAsStringAsync();
        var samples = new List<MetricSample>();
        foreach (var line in text.Split('\n'))
        {
            if (SampleLine().Match(line) is { Success: true } match)
            {
                var labels = Label().Matches(match.Groups["labels"].Value)
                    .ToDictionary(label => label.Groups["key"].Value, label => label.Groups["value"].Value, StringComparer.Ordinal);
                var value = double.Parse(match.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
                samples.Add(new MetricSample(match.Groups["name"].Value, labels, value));
            }
        }

        return new Scrape(text, samples);
    }

    /// <summary>The samples of one series name whose labels include every one of <paramref name="labels"/>.</summary>
    public IReadOnlyList<MetricSample> Find(string name, params (string Key, string Value)[] labels) =>
        [.. Samples.Where(sample => sample.Name == name && labels.All(l => sample.Labels.TryGetValue(l.Key, out var v) && v == l.Value))];

    /// <summary>The sum of the matching samples (several hosts in one test process may report the same series).</summary>
    public double Sum(string name, params (string Key, string Value)[] labels) => Find(name, labels).Sum(sample => sample.Value);

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+\d+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex("(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=\"(?<value>(?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex Label();
}

public sealed record MetricSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

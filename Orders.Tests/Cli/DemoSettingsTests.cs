using Orders.Cli;
using Orders.Cli.Demo;

namespace Orders.Tests.Cli;

/// <summary>The demo's command line: defaults for the local run, and no option silently ignored.</summary>
public sealed class DemoSettingsTests
{
    [Test]
    public void Without_options_the_demo_calls_the_local_api_with_a_minted_token_and_60_seconds()
    {
        var settings = DemoSettings.Parse([]);

        Assert.That(settings, Is.EqualTo(new DemoSettings(new ApiSettings(new Uri("http://localhost:5080"), Token: null), TimeSpan.FromSeconds(60))));
    }

    [TestCase("--api", "http://127.0.0.1:6080", "--token", "abc.def.ghi", "--deadline", "5")]
    [TestCase("--api=http://127.0.0.1:6080", "--token=abc.def.ghi", "--deadline=5")]
    public void Options_are_read_as_separate_or_joined_values(params string[] args)
    {
        var settings = DemoSettings.Parse(args);

        Assert.That(settings, Is.EqualTo(new DemoSettings(new ApiSettings(new Uri("http://127.0.0.1:6080"), "abc.def.ghi"), TimeSpan.FromSeconds(5))));
    }

    [TestCase("--apii", "http://localhost:5080")]
    [TestCase("http://localhost:5080")]
    [TestCase("--api")]
    [TestCase("--api", "--token", "abc")]
    [TestCase("--api", "localhost:5080")]
    [TestCase("--api", "ftp://localhost:5080")]
    [TestCase("--api", "http://a", "--api", "http://b")]
    [TestCase("--token=")]
    [TestCase("--deadline", "0")]
    [TestCase("--deadline", "soon")]
    public void A_wrong_command_line_is_a_usage_error(params string[] args) =>
        Assert.That(() => DemoSettings.Parse(args), Throws.TypeOf<UsageException>());
}

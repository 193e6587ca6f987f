using Orders.Cli;
using Orders.Cli.Check;

namespace Orders.Tests.Cli;

/// <summary>The check's command line: a grace period that is a positive duration, no option silently ignored.</summary>
public sealed class CheckSettingsTests
{
    [Test]
    public void Options_give_the_database_and_the_grace_period()
    {
        var settings = CheckSettings.Parse(["--database", "Host=db;Database=x", "--stuck-after", "00:00:30"]);

        Assert.That(settings, Is.EqualTo(new CheckSettings("Host=db;Database=x", TimeSpan.FromSeconds(30))));
    }

    [Test]
    public void Without_a_grace_period_transitions_get_five_minutes()
    {
        var settings = CheckSettings.Parse(["--database", "Host=db;Database=x"]);

        Assert.That(settings.StuckAfter, Is.EqualTo(TimeSpan.FromMinutes(5)));
    }

    [TestCase("--stuck-after", "soon")]
    [TestCase("--stuck-after", "-00:01:00")]
    [TestCase("--databse", "Host=db")]
    [TestCase("--database", "Hots=db")]
    public void A_wrong_option_is_a_usage_error(params string[] args)
    {
        Assert.That(() => CheckSettings.Parse(args), Throws.TypeOf<UsageException>());
    }
}

using System.Text.RegularExpressions;

namespace Orders.Tests.Deployment;

/// <summary>docs/configuration.md names every setting the services and the tests read, so that it cannot fall behind.</summary>
public sealed partial class ConfigurationDocsTests
{
    private static readonly string[] Executables = ["Orders.Api", "Orders.Inventory", "Orders.Workers", "migrations"];

    private static readonly string Docs = SourceTree.Read("docs", "configuration.md");

    [Test]
    public void Every_setting_of_every_service_and_the_migrator_is_documented()
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (var project in Executables.Select(ServiceProject.Load))
            {
                foreach (var key in project.Keys)
                {
                    Assert.That(Docs, Does.Contain($"`{key}`"), $"{project.Folder} reads {key} (appsettings*.json or an option class)");
                    Assert.That(Docs, Does.Contain($"`{key.Replace(":", "__", StringComparison.Ordinal)}`"), $"{project.Folder}: the environment variable of {key}");
                }
            }
        }
    }

    [Test]
    public void Every_executable_with_settings_files_is_one_the_docs_test_reads()
    {
        var withSettings = Directory.GetDirectories(SourceTree.Root)
            .Where(folder => File.Exists(Path.Combine(folder, "appsettings.json")) && Directory.GetFiles(folder, "*.csproj").Length > 0)
            .Select(Path.GetFileName);

        Assert.That(withSettings, Is.EquivalentTo(Executables), "a new executable's settings belong in docs/configuration.md and in this test");
    }

    [Test]
    public void Every_environment_variable_the_tests_read_is_documented()
    {
        var variables = TestVariable().Matches(SourceTree.Read("Orders.Testing", "TestEnvironment.cs")).Select(match => match.Value).Distinct().ToList();

        Assert.That(variables, Is.Not.Empty);
        using (Assert.EnterMultipleScope())
        {
            foreach (var variable in variables)
            {
                Assert.That(Docs, Does.Contain($"`{variable}`"), variable);
            }
        }
    }

    [GeneratedRegex("ORDERS_TEST_[A-Z_]+")]
    private static partial Regex TestVariable();
}

using System.Diagnostics;

namespace Orders.Tests.Deployment;

/// <summary>The pinning check that scripts/orders.sh test runs before the tests: the repository passes, a floating version fails.</summary>
public sealed class SupplyChainTests
{
    [Test]
    public async Task The_repository_pins_every_package_version_centrally()
    {
        var (exitCode, output) = await PinsAsync(SourceTree.Root);

        Assert.That(exitCode, Is.Zero, output);
    }

    [TestCase("<PackageVersion Include=\"A\" Version=\"1.*\" />", "", "not pinned")]
    [TestCase("<PackageVersion Include=\"A\" Version=\"[1.0,2.0)\" />", "", "not pinned")]
    [TestCase("<PackageVersion Include=\"A\" Version=\"1.2.3\" />", "<PackageReference Include=\"A\" Version=\"1.2.3\" />", "outside Directory.Packages.props")]
    [TestCase("<PackageVersion Include=\"A\" Version=\"1.2.3\" />", "<PackageReference Include=\"A\" VersionOverride=\"1.2.4\" />", "outside Directory.Packages.props")]
    public async Task A_floating_range_or_project_version_fails_the_check(string packageVersion, string packageReference, string message)
    {
        var tree = Directory.CreateTempSubdirectory("orders-pins-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(tree.FullName, "Directory.Packages.props"),
                $"<Project><PropertyGroup><ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally></PropertyGroup><ItemGroup>\n{packageVersion}\n</ItemGroup></Project>\n");
            var project = tree.CreateSubdirectory("P");
            await File.WriteAllTextAsync(Path.Combine(project.FullName, "P.csproj"), $"<Project><ItemGroup>\n{packageReference}\n</ItemGroup></Project>\n");

            var (exitCode, output) = await PinsAsync(tree.FullName);

            Assert.That(exitCode, Is.EqualTo(1), output);
            Assert.That(output, Does.Contain(message));
        }
        finally
        {
            tree.Delete(recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> PinsAsync(string root)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(SourceTree.PathOf("scripts", "supply-chain.sh"));
        start.ArgumentList.Add("pins");
        start.ArgumentList.Add(root);
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        var output = await process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, output + await error);
    }
}

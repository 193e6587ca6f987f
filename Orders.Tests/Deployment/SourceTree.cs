namespace Orders.Tests.Deployment;

/// <summary>The repository these tests were built from: its files are read as they are checked in, not as copied to bin.</summary>
public static class SourceTree
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string Read(params string[] parts) => File.ReadAllText(PathOf(parts));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Orders.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No Orders.sln above {AppContext.BaseDirectory}.");
    }
}

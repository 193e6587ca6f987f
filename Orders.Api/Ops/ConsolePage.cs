namespace Orders.Api.Ops;

/// <summary>
/// The console's static files (HTML, CSS, a little JavaScript), embedded in the assembly and served under the console's
/// authorisation like its JSON API: no file of the console is readable without an ops token.
/// </summary>
internal static class ConsolePage
{
    private static readonly Dictionary<string, string> Files = new(StringComparer.Ordinal)
    {
        ["index.html"] = "text/html; charset=utf-8",
        ["ops.css"] = "text/css; charset=utf-8",
        ["ops.js"] = "text/javascript; charset=utf-8",
    };

    public static IResult Index() => File("index.html");

    public static IResult Asset(string file) => Files.ContainsKey(file) ? File(file) : TypedResults.NotFound();

    private static Microsoft.AspNetCore.Http.HttpResults.FileStreamHttpResult File(string name)
    {
        var stream = typeof(ConsolePage).Assembly.GetManifestResourceStream($"Orders.Api.Ops.wwwroot.{name}")
            ?? throw new InvalidOperationException($"The console file {name} is not embedded.");
        return TypedResults.Stream(stream, Files[name]);
    }
}

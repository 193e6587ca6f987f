namespace Orders.Cli;

/// <summary>Where the REST API is and, when given, the bearer token to call it with (every command that talks to it).</summary>
public sealed record ApiSettings(Uri Address, string? Token)
{
    public static readonly Uri DefaultAddress = new("http://localhost:5080");

    public static ApiSettings From(CommandLine options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var address = DefaultAddress;
        if (options["--api"] is { } api
            && (!Uri.TryCreate(api, UriKind.Absolute, out address) || address.Scheme is not ("http" or "https")))
        {
            throw new UsageException($"--api must be an http(s) address such as {DefaultAddress}, not '{api}'");
        }

        var token = options["--token"];
        if (token is not null && string.IsNullOrWhiteSpace(token))
        {
            throw new UsageException("--token is empty");
        }

        return new ApiSettings(address, token);
    }
}
